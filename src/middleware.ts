import { defineMiddleware } from "astro:middleware";

/**
 * In the dev server only (`npm run dev`, the report preview): an HTML page is read whole before it is answered, so
 * a page that fails while it renders (e.g. a mistyped figure in a report) answers 500 with the error, as the build
 * would stop, instead of a streamed 200 cut off mid-page. A build passes every page through untouched: it renders
 * each page whole anyway, and reading 10^4 pages back here cost CPU for nothing.
 */
export const onRequest = defineMiddleware(async (_context, next) => {
  if (!import.meta.env.DEV) return next();
  const response = await next();
  if (!(response.headers.get("content-type") ?? "").startsWith("text/html")) return response;
  return new Response(await response.text(), response);
});
