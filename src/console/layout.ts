// The page frame: plain HTML that reads on a phone, htmx for the live parts, no build step.
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.6 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1f2933;background:#f5f7fa}
header{background:#1f4e79;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:center}
header a{color:#fff;text-decoration:none}header strong{font-size:1.1rem;margin-right:.5rem}
header form{margin-left:auto}
main{max-width:1100px;margin:0 auto;padding:1rem}
h1{font-size:1.3rem;margin:.2rem 0 .8rem}h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
.card{background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:.8rem 1rem;margin-bottom:1rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #e4e9ef;padding:.45rem .5rem;text-align:left;vertical-align:top;white-space:nowrap}
#rows td{vertical-align:middle}td button{padding:.1rem .6rem}
th{background:#eef2f6;font-weight:600}
td.num{text-align:right}
td.wrap{white-space:normal;min-width:12rem}
td.title{white-space:normal;min-width:7rem}td.when{white-space:normal;min-width:5.5rem}
.st-submitted{color:#1e7b34}.st-late{color:#b42318;font-weight:600}.st-new{color:#6b7785}.st-returned{color:#b54708;font-weight:600}
.dl-ok{color:#1e7b34}.dl-wait{color:#6b7785}.dl-bad{color:#b42318;font-weight:600}
th a{color:inherit;text-decoration:none}th a:hover{text-decoration:underline}
.counts span,.counts a{white-space:nowrap}
.counts{font-size:1.05rem;background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:.6rem 1rem;margin:0 0 1rem}
.card.bad{border-color:#f4b6b0;background:#fffbfa}
.banner{padding:.6rem 1rem;border-radius:6px;margin-bottom:1rem;background:#fdecea;border:1px solid #f4b6b0;color:#7a1a12;font-weight:600}
.banner span{display:none}.banner.down .when-down,.banner.gone .when-gone{display:inline}
.warn{color:#b54708;background:#fffaeb;border:1px solid #fedf89;border-radius:4px;padding:.3rem .6rem;margin:.3rem 0;max-width:34rem}
.chart-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:.5rem}
.history li{margin:.2rem 0}
table.compact{width:auto;margin:.3rem 0 .6rem}table.compact th,table.compact td{padding:.2rem .6rem;font-size:.9rem}
button,.btn{font:inherit;padding:.35rem .8rem;border:1px solid #1f4e79;background:#1f4e79;color:#fff;border-radius:4px;cursor:pointer;text-decoration:none;display:inline-block}
button.light,.btn.light{background:#fff;color:#1f4e79}
button.danger,.btn.danger{background:#b42318;border-color:#b42318;color:#fff}
form.inline{display:inline}
label,div.label{display:block;margin:.6rem 0 .2rem;font-weight:600}
input[type=text],input[type=datetime-local],select,textarea{font:inherit;width:100%;max-width:34rem;padding:.35rem;border:1px solid #b9c3cf;border-radius:4px}
.hint{color:#6b7785;font-size:.9rem}
.error{color:#b42318}
.flash{background:#e7f3ea;border:1px solid #a9d5b5;padding:.5rem .8rem;border-radius:4px;margin-bottom:1rem}
.flash.bad{background:#fdecea;border-color:#f4b6b0}
.people{display:flex;flex-wrap:wrap;gap:.2rem 1rem;font-weight:normal}
.people label{font-weight:normal;display:inline;margin:0}
.explain{white-space:pre-line;background:#f8fafc;border-left:3px solid #c8d6e5;padding:.4rem .7rem;margin:.3rem 0 .8rem}
.charts svg{max-width:100%;height:auto}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
@media (max-width:640px){main{padding:.6rem}.card{padding:.6rem .7rem}th,td{padding:.35rem .3rem;font-size:.9rem}td button{padding:.1rem .45rem}.wide,.narrow-hide{display:none}}
`;

/**
 * A page for a signed-in coordinator. Every change is a plain form carrying the CSRF token; htmx only reads (the
 * live table, charts, the name check), so its requests carry no token and stay small.
 */
export function page(title: string, csrf: string, body: Html | Html[]): Html {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 填报后台</title>
<style>${raw(CSS)}</style>
<script src="/static/htmx.min.js" defer></script>
<script src="/static/console.js" defer></script>
</head>
<body>
<header>
<strong>填报后台</strong>
<a href="/campaigns">填报任务</a>
<a href="/forms">表单</a>
<form method="post" action="/signout">${csrfField(csrf)}<button class="light" type="submit">退出</button></form>
</header>
<main>${body}</main>
</body>
</html>`;
}

/** A page without the menu: sign-in and its errors. */
export function bare(title: string, body: Html | Html[]): Html {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 填报后台</title>
<style>${raw(CSS)}</style>
</head>
<body><header><strong>填报后台</strong></header><main>${body}</main></body>
</html>`;
}

export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

/** A chart's SVG is made on this server by ECharts, which escapes the names it draws (test/console-charts), and is inlined as is. */
export function trustedSvg(svg: string): Html {
  return raw(svg);
}
