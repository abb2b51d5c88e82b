// Reads and writes YAML files exactly as Decap CMS does when an editor saves: its own YAML format module
// (decap-cms-core's formats/yaml.js, from cms/node_modules as scripts/node-packages installed it), with the yaml
// package version it depends on. stdin: a JSON list of {text, order}; stdout: a JSON list of
// {read, written, reread}: the data the CMS reads from the file, the file it writes back (keys in the form's order)
// and what it reads from that. Used by tests/test_cms.py.
import { register } from "node:module";
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const core = path.resolve(here, "../../cms/node_modules/decap-cms-core/dist/esm/formats/yaml.js");
// decap-cms-core's ES modules import "./helpers" without its extension, as a bundler allows: resolve it as one does.
register("data:text/javascript," + encodeURIComponent(`
export async function resolve(specifier, context, next) {
  try { return await next(specifier, context); }
  catch (error) { if (specifier.startsWith(".")) { return next(specifier + ".js", context); } throw error; }
}
export async function load(url, context, next) {
  if (url.includes("/decap-cms-core/dist/esm/")) { return { ...(await next(url, { ...context, format: "module" })), format: "module" }; }
  return next(url, context);
}`));
const { default: formatter } = await import(pathToFileURL(core).href);

const files = JSON.parse(readFileSync(0, "utf-8"));
const results = files.map(({ text, order }) => {
  const read = formatter.fromFile(text);
  let written = formatter.toFile(read, order);
  if (written.slice(-1) !== "\n") {
    written += "\n"; // as the CMS's backend does (entryToRaw)
  }
  return { read, written, reread: formatter.fromFile(written) };
});
process.stdout.write(JSON.stringify(results));
