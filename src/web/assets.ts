/**
 * The web app's one stylesheet and one small script, served by the app itself (no CDN, no build
 * step). The script only enhances: pages work without it.
 */

/** Calm and readable: system fonts, one accent, generous spacing; fits 360 px without scrolling sideways. */
export const STYLESHEET = `
:root{--ink:#1f2a30;--muted:#53616b;--line:#d5dde2;--paper:#fff;--wash:#f4f7f8;--accent:#0f5f73;--accent-ink:#fff;--danger:#a12622;--warn:#7a4b00;--ok:#25613a;--focus:#c24d00}
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:100%;line-height:1.5;color:var(--ink);background:var(--wash)}
body{margin:0;overflow-wrap:anywhere}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--paper);padding:.5rem;z-index:2}
header.top{background:var(--accent);color:var(--accent-ink);padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header.top a{color:var(--accent-ink)}
header.top .brand{font-weight:700;text-decoration:none;margin-right:auto}
header.top nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
header.top nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
header.top form{margin:0;display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
header.top .who{font-size:.9rem}
header.top button{background:transparent;color:var(--accent-ink);border:1px solid var(--accent-ink)}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}h3{font-size:1.05rem;margin:1rem 0 .25rem}
.card{background:var(--paper);border:1px solid var(--line);border-radius:.5rem;padding:1rem;margin:0 0 1rem}
.demo{border:2px dashed var(--warn);background:#fff8e6}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
.hint{color:var(--muted);font-size:.9rem;margin:.1rem 0}
input,select,textarea,button{font:inherit}
input[type=text],input[type=date],input[type=number],input[type=url],input[type=datetime-local],input[type=email],select,textarea{width:100%;max-width:36rem;padding:.5rem;border:1px solid #8a979f;border-radius:.3rem;background:var(--paper);color:var(--ink)}
textarea{min-height:6rem}
fieldset{border:1px solid var(--line);border-radius:.4rem;margin:1rem 0;padding:.5rem 1rem 1rem}
legend{font-weight:700;padding:0 .25rem}
.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400;margin:.4rem 0}
.check input{margin-top:.35rem}
button,.button{display:inline-block;padding:.55rem 1rem;border-radius:.3rem;border:1px solid var(--accent);background:var(--accent);color:var(--accent-ink);cursor:pointer;text-decoration:none;margin:.5rem .5rem 0 0}
button.secondary,.button.secondary{background:var(--paper);color:var(--accent)}
.error{color:var(--danger);font-weight:600;margin:.25rem 0}
[aria-invalid=true]{border-color:var(--danger)!important;border-width:2px!important}
.banner{border-left:.4rem solid var(--accent);background:var(--paper);padding:.75rem 1rem;margin:0 0 1rem}
.banner.problem{border-color:var(--danger)}.banner.notice{border-color:var(--warn)}
.badge{display:inline-block;border-radius:1rem;padding:0 .6rem;font-size:.85rem;font-weight:600;border:1px solid currentColor;white-space:nowrap}
.badge.overdue{color:var(--paper);background:var(--danger);border-color:var(--danger)}
.badge.soon{color:var(--warn)}.badge.fine{color:var(--ok)}.badge.quiet{color:var(--muted)}
.badge.risk{color:var(--danger)}
ul.requests,ul.cards{list-style:none;margin:0;padding:0}
ul.requests>li,ul.cards>li{background:var(--paper);border:1px solid var(--line);border-radius:.5rem;padding:.75rem 1rem;margin:0 0 .75rem}
ul.requests .meta,ul.cards .meta{display:flex;flex-wrap:wrap;gap:.25rem .75rem;color:var(--muted);font-size:.9rem}
dl.facts{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.25rem 1rem;margin:0}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
@media (max-width:30rem){dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.5rem}}
ol.timeline{margin:0;padding-left:1.25rem}ol.timeline li{margin:.25rem 0}
table{border-collapse:collapse;width:100%;background:var(--paper)}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
.table-wrap{overflow-x:auto;max-width:100%}
.table-wrap table{min-width:36rem}.table-wrap th,.table-wrap td{overflow-wrap:normal}
svg.chart{max-width:100%;height:auto;display:block}
.small-charts{max-width:26rem}
details>summary{cursor:pointer;font-weight:600;margin:.5rem 0}
.actions details{border-top:1px solid var(--line);padding:.25rem 0}
.recommendation{border-top:1px solid var(--line);padding:.25rem 0}.recommendation details>summary{font-weight:400}
ul.proposed-times{list-style:none;padding:0}ul.proposed-times li{margin:.4rem 0}
ul.proposed-times form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
`;

/**
 * Lists that refresh themselves: every 20 s the page is fetched again and each [data-refresh]
 * region replaced when it changed (announced politely). Polling never extends the session.
 */
export const REFRESH_SCRIPT = `
(function(){
  var regions=document.querySelectorAll('[data-refresh]');
  if(!regions.length)return;
  setInterval(function(){
    fetch(location.href,{headers:{'X-Liaison-Refresh':'1'},credentials:'same-origin'}).then(function(r){
      if(!r.ok||r.redirected)return null;return r.text();
    }).then(function(html){
      if(!html)return;
      var doc=new DOMParser().parseFromString(html,'text/html');
      regions.forEach(function(region){
        var fresh=doc.getElementById(region.id);
        if(fresh&&fresh.innerHTML!==region.innerHTML){region.innerHTML=fresh.innerHTML;}
      });
    }).catch(function(){});
  },20000);
})();
`;

/**
 * The risk rule's effect shown while the GP writes (the server decides it: domain/risk.ts): the
 * form's scores, flags and priority are posted to /requests/new/risk and the answer shown.
 */
export const RISK_PREVIEW_SCRIPT = `
(function(){
  var form=document.getElementById('new-request');var out=document.getElementById('risk-preview');
  if(!form||!out)return;
  function ask(){
    var data=new FormData(form);
    fetch('/requests/new/risk',{method:'POST',body:new URLSearchParams(data),credentials:'same-origin'}).then(function(r){return r.ok?r.text():null}).then(function(t){if(t!==null&&out.textContent!==t)out.textContent=t;}).catch(function(){});
  }
  form.addEventListener('change',ask);
})();
`;
