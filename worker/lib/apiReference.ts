import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

// A self-contained, readable reference rendered from the same OpenAPI document that
// /api/openapi.json serves: no third-party script, so it works offline and under a strict CSP.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Fragment = HtmlEscapedString | Promise<HtmlEscapedString>;

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const refName = (ref: string) => ref.split("/").pop() ?? ref;

function typeOf(schema: Json | undefined): Fragment {
  if (!isObject(schema)) return html`any`;
  if (typeof schema.$ref === "string") {
    const name = refName(schema.$ref);
    return html`<a href="#schema-${name}">${name}</a>`;
  }
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (Array.isArray(variants)) return html`${variants.map((v, i) => html`${i ? " | " : ""}${typeOf(v)}`)}`;
  if (Array.isArray(schema.enum)) return html`${schema.enum.map((v) => JSON.stringify(v)).join(" | ")}`;
  if (schema.type === "array") return html`${typeOf(schema.items)}[]`;
  if (schema.type === "object" && isObject(schema.properties)) return fields(schema);
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : String(schema.type ?? "any");
  return html`${type}${typeof schema.format === "string" ? ` (${schema.format})` : ""}`;
}

function fields(schema: JsonObject): Fragment {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  return html`<table class="fields">
    ${Object.entries(properties).map(
      ([name, property]) =>
        html`<tr>
          <td><code>${name}</code>${required.has(name) ? "" : html`<span class="opt">optional</span>`}</td>
          <td>${typeOf(property)}${isObject(property) && typeof property.description === "string"
            ? html`<div class="desc">${property.description}</div>`
            : ""}</td>
        </tr>`,
    )}
  </table>`;
}

function operation(path: string, method: string, op: JsonObject): Fragment {
  const params = Array.isArray(op.parameters) ? (op.parameters.filter(isObject) as JsonObject[]) : [];
  const body = isObject(op.requestBody) && isObject(op.requestBody.content) ? op.requestBody.content["application/json"] : undefined;
  const responses = isObject(op.responses) ? op.responses : {};
  const secured = Array.isArray(op.security) && op.security.length > 0;
  return html`<section class="op" id="${method}-${path}">
    <h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${path}</code>${secured ? html` <span class="lock">bearer</span>` : ""}</h3>
    <p>${String(op.summary ?? "")}</p>
    ${typeof op.description === "string" ? html`<p class="desc">${op.description}</p>` : ""}
    ${params.length
      ? html`<h4>Parameters</h4><table class="fields">${params.map(
          (p) => html`<tr><td><code>${String(p.name)}</code> <span class="opt">${String(p.in)}${p.required ? "" : ", optional"}</span></td><td>${typeOf(p.schema)}</td></tr>`,
        )}</table>`
      : ""}
    ${isObject(body) ? html`<h4>Body</h4>${typeOf(body.schema)}` : ""}
    <h4>Answers</h4>
    <ul>${Object.entries(responses).map(([status, response]) =>
      html`<li><b>${status}</b> ${isObject(response) ? String(response.description ?? "") : ""}</li>`,
    )}</ul>
  </section>`;
}

export function renderApiReference(document: JsonObject): Fragment {
  const info = isObject(document.info) ? document.info : {};
  const paths = isObject(document.paths) ? document.paths : {};
  const components = isObject(document.components) && isObject(document.components.schemas) ? document.components.schemas : {};
  const ops = Object.entries(paths).flatMap(([path, item]) =>
    isObject(item) ? Object.entries(item).filter(([, op]) => isObject(op)).map(([method, op]) => [path, method, op as JsonObject] as const) : [],
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${String(info.title ?? "API")} reference</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<header><h1>${String(info.title ?? "API")} <small>v${String(info.version ?? "")}</small></h1>
<p>${String(info.description ?? "")}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a></p></header>
<nav><ul>${ops.map(([path, method]) => html`<li><a href="#${method}-${path}"><span class="method ${method}">${method.toUpperCase()}</span> ${path}</a></li>`)}</ul></nav>
<main>
${ops.map(([path, method, op]) => operation(path, method, op))}
<h2>Schemas</h2>
${Object.entries(components).map(([name, schema]) => html`<section class="schema" id="schema-${name}"><h3>${name}</h3>${typeOf(isObject(schema) && schema.type === "object" ? schema : schema)}</section>`)}
</main>
</body>
</html>`;
}

const STYLE = `
:root{color-scheme:light dark;font:15px/1.5 system-ui,sans-serif}
body{margin:0;display:grid;grid-template-columns:18rem 1fr;grid-template-areas:"h h" "n m"}
header{grid-area:h;padding:1rem 2rem;border-bottom:1px solid #8884}
nav{grid-area:n;padding:1rem;border-right:1px solid #8884;position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto}
nav ul{list-style:none;padding:0;margin:0}nav li{margin:.2rem 0;font-size:.85rem}
main{grid-area:m;padding:1rem 2rem;max-width:60rem}
.op,.schema{border:1px solid #8884;border-radius:8px;padding:.5rem 1rem;margin:1rem 0}
.method{font:600 .75rem monospace;padding:.1rem .4rem;border-radius:4px;color:#fff;background:#555}
.get{background:#1a7f37}.post{background:#0969da}.patch,.put{background:#9a6700}.delete{background:#cf222e}
.lock{font-size:.75rem;border:1px solid #8886;border-radius:4px;padding:0 .3rem}
.fields{border-collapse:collapse;width:100%}.fields td{border-top:1px solid #8883;padding:.25rem .5rem;vertical-align:top}
.opt{font-size:.75rem;opacity:.7;margin-left:.4rem}.desc{opacity:.8;font-size:.9rem}
@media (max-width:800px){body{display:block}nav{position:static;max-height:none}}
`;
