/**
 * The page's HTML shell: the script it loads comes from the same server (`/page.js`), and a
 * Content-Security-Policy forbids any other origin, so nothing leaves the machine.
 *
 * @example
 * ```ts
 * response.end(pageHtml(token));
 * ```
 */
export function pageHtml(token: string | undefined): string {
  const src = token === undefined ? 'page.js' : `page.js?token=${encodeURIComponent(token)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>overseer dashboard</title>
<link rel="icon" href="data:,">
</head>
<body>
<div id="app">Loading…</div>
<script src="${src}"></script>
</body>
</html>
`;
}

/** The page's policy: its own origin only (styles are set by the script, hence 'unsafe-inline' for style). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
