// Remove from the theme's stylesheets the rules that no page of the site uses.
//
// Usage: node purge_theme_css.mjs <built site folder> <stylesheet> [<stylesheet> ...]
// (stylesheets relative to the folder). docs/_ext/slim_theme.py runs it when
// Sphinx has written every page. PurgeCSS (pinned in package.json) keeps a
// rule when its class, id or tag appears in a page or in one of the site's
// scripts (which add classes such as Bootstrap's "show" while the page runs).
import fs from "node:fs";
import path from "node:path";
import { PurgeCSS } from "purgecss";

const [site, ...stylesheets] = process.argv.slice(2);
const results = await new PurgeCSS().purge({
  content: [`${site}/**/*.html`, `${site}/_static/**/*.js`],
  css: stylesheets.map((name) => path.join(site, name)),
  // The theme's scripts set these attributes on <html> (light or dark theme,
  // and the reader's choice), so the pages do not show them.
  safelist: { greedy: [/data-theme/, /data-mode/, /data-bs-theme/] },
});
for (const { file, css } of results) {
  const before = fs.statSync(file).size;
  fs.writeFileSync(file, css);
  console.log(`${path.relative(site, file)}: ${before} -> ${css.length} bytes`);
}
