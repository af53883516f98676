/**
 * A readable page for the OpenAPI document, rendered on the server: no scripts and no CDN (the page must
 * work offline and under a CSP that allows nothing but its own nonce'd stylesheet).
 */
// biome-ignore lint/suspicious/noExplicitAny: walks an arbitrary JSON document.
type Json = any;

const html = (s: unknown) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const pretty = (value: unknown) => `<pre>${html(JSON.stringify(value, null, 2))}</pre>`;

function renderOperation(path: string, method: string, op: Json): string {
  const params = (op.parameters ?? []) as Json[];
  const body = op.requestBody?.content as Record<string, Json> | undefined;
  return `<section class="op" id="${html(`${method}-${path}`)}">
<h3><span class="m ${html(method)}">${html(method.toUpperCase())}</span> <code>${html(path)}</code></h3>
<p>${html(op.summary ?? '')}${op.security?.length ? ' <em>(bearer token)</em>' : ''}</p>
${
  params.length
    ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr>${params
        .map(
          (p) =>
            `<tr><td><code>${html(p.name)}</code></td><td>${html(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${html(JSON.stringify(p.schema))}</code></td></tr>`,
        )
        .join('')}</table>`
    : ''
}
${
  body
    ? Object.entries(body)
        .map(
          ([type, c]) =>
            `<details><summary>request body: ${html(type)}</summary>${pretty(c.schema)}</details>`,
        )
        .join('')
    : ''
}
${Object.entries(op.responses as Record<string, Json>)
  .map(([status, res]) => {
    const content = Object.entries((res.content ?? {}) as Record<string, Json>)[0];
    const schema = content?.[1]?.schema;
    return `<details><summary><b>${html(status)}</b> ${html(res.description)}${content ? ` — ${html(content[0])}` : ''}</summary>${schema ? pretty(schema) : ''}</details>`;
  })
  .join('')}
</section>`;
}

export function renderDocsPage(doc: Json, nonce: string): string {
  const sections = Object.entries(doc.paths as Record<string, Record<string, Json>>)
    .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => renderOperation(path, method, op)))
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(doc.info.title)} — reference</title>
<style nonce="${nonce}">
/* White on each method's colour and links on the dark background keep 4.5:1 (WCAG AA). */
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{margin-bottom:0}.op{border-top:1px solid #ddd;padding:.5rem 0}.m{display:inline-block;min-width:4rem;
font:600 12px monospace;padding:2px 6px;border-radius:4px;color:#fff;background:#555;text-align:center}
.get{background:#0969da}.post{background:#1a7f37}.put{background:#8a6100}.delete{background:#cf222e}
table{border-collapse:collapse}
td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;font-size:13px}pre{background:#f6f8fa;
padding:.5rem;overflow:auto;font-size:12px}summary{cursor:pointer}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}pre{background:#1c1c1c}td,th{border-color:#333}
a{color:#79b8ff}a:visited{color:#d2a8ff}}
</style></head><body>
<h1>${html(doc.info.title)}</h1><p>version ${html(doc.info.version)} · <a href="/api/openapi.json">openapi.json</a></p>
<p>${html(doc.info.description)}</p>
${sections}
</body></html>`;
}
