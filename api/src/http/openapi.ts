import { z } from 'zod';
import { ErrorBodySchema } from '@ygt/shared';
import type { RouteDef } from './route';

type JsonSchema = Record<string, unknown>;

/**
 * Builds the OpenAPI 3 document from the route table, so the document cannot drift from the
 * code: every route added to a module's `routes` appears here with its zod schemas.
 */
export function buildOpenApi(routes: RouteDef[], info: { version: string }) {
  const components: Record<string, JsonSchema> = {};

  const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as JsonSchema;
    const defs = (json.$defs ?? json.definitions ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;
    delete json.definitions;
    delete json.$schema;
    for (const [name, def] of Object.entries(defs)) components[name] = rewriteRefs(def);
    return rewriteRefs(json);
  };

  const parameters = (schema: z.ZodType | undefined, where: 'path' | 'query') => {
    if (!schema || !(schema instanceof z.ZodObject)) return [];
    return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, prop]) => {
      const s = toSchema(prop, 'input');
      const description = s.description;
      delete s.description;
      return { name, in: where, required: where === 'path' || !prop.safeParse(undefined).success, schema: s, description };
    });
  };

  const paths: Record<string, Record<string, unknown>> = {};
  const errorRef = { $ref: '#/components/schemas/Error' };
  components.Error = toSchema(ErrorBodySchema, 'output');
  delete (components.Error as JsonSchema).id;

  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const status = String(r.status ?? 200);
    paths[path] ??= {};
    paths[path][r.method] = {
      summary: r.summary,
      description: r.description,
      tags: r.tags,
      'x-auth': r.roles ? `${r.auth}: ${r.roles.join(', ')}` : r.auth,
      ...(r.auth !== 'public' ? { security: [{ bearer: [] }] } : {}),
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(r.body, 'input') } } } } : {}),
      responses: {
        [status]: { description: 'OK', content: { 'application/json': { schema: toSchema(r.response, 'output') } } },
        default: { description: 'Error', content: { 'application/json': { schema: errorRef } } },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: '医共通 API', version: info.version, description: 'Resident, staff and interop API of the county medical community.' },
    servers: [{ url: '/' }],
    paths,
    components: { schemas: components, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  };
}

function rewriteRefs<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema).replace(/"#\/(\$defs|definitions)\//g, '"#/components/schemas/')) as T;
}

/** A self-contained docs page (no CDN: it must work on an offline intranet). */
export const DOCS_HTML = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>医共通 API 文档</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;color:#1f2933;background:#f5f7fa}
header{background:#0b7a75;color:#fff;padding:16px 24px}main{max-width:1000px;margin:0 auto;padding:16px}
.op{background:#fff;border-radius:8px;margin:10px 0;padding:12px 16px;box-shadow:0 1px 2px #0001}
.m{display:inline-block;min-width:56px;font-weight:700;text-transform:uppercase}.get{color:#0b7a75}.post{color:#b7791f}
.put,.patch{color:#6b46c1}.delete{color:#c53030}code{font-size:14px}details{margin-top:6px}pre{background:#f0f4f8;padding:8px;overflow:auto;font-size:12px}
h2{margin-top:24px;font-size:18px}</style></head><body><header><h1>医共通 API</h1>
<div>OpenAPI 文档：<a style="color:#fff" href="/api/v1/openapi.json">/api/v1/openapi.json</a></div></header><main id="app">加载中…</main>
<script>
fetch('/api/v1/openapi.json').then(r=>r.json()).then(doc=>{const byTag={};
for(const [p,ops] of Object.entries(doc.paths))for(const [m,op] of Object.entries(ops)){const t=(op.tags||['其他'])[0];(byTag[t]=byTag[t]||[]).push({p,m,op})}
const esc=s=>String(s).replace(/[&<>]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;'}[c]));
let html='';for(const [t,ops] of Object.entries(byTag)){html+='<h2>'+esc(t)+'</h2>';for(const {p,m,op} of ops){
html+='<div class="op"><span class="m '+m+'">'+m+'</span><code>'+esc(p)+'</code> — '+esc(op.summary||'')+
' <small>(auth: '+esc(op['x-auth'])+')</small>'+(op.description?'<p>'+esc(op.description)+'</p>':'')+
'<details><summary>参数与响应</summary><pre>'+esc(JSON.stringify({parameters:op.parameters,requestBody:op.requestBody,responses:op.responses},null,2))+'</pre></details></div>'}}
html+='<h2>Schemas</h2><pre>'+esc(JSON.stringify(doc.components.schemas,null,2))+'</pre>';
document.getElementById('app').innerHTML=html});
</script></body></html>`;
