import { defineMiddleware } from "astro:middleware";
import { linkFirstUseOnly } from "./lib/views/glossary.ts";

/**
 * Runs on every page as it is built: glossary words link to their entry at their first use on the page only
 * (`linkFirstUseOnly`). Other responses (CSV, JSON, the feed) pass through untouched.
 */
export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  if (!(response.headers.get("content-type") ?? "").startsWith("text/html")) return response;
  const html = await response.text();
  if (!html.includes('class="term"')) return new Response(html, response);
  return new Response(linkFirstUseOnly(html), response);
});
