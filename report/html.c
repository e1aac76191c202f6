/* html.c — self-contained HTML pages: the data map and the diff.
 *
 * One file, inline CSS and JavaScript, no network, opens offline. The data is
 * the JSON data map (or diff) embedded in a <script type="application/json">
 * block, with '<', '>' and '&' written as \u escapes so no file name can end
 * the block; the page builds its DOM from it with textContent only, never
 * innerHTML, so a file named <img src=x onerror=alert(1)>.txt shows as text.
 * The files table is paginated, so 100,000 files with findings still open in
 * seconds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/version.h"
#include "report/datamap.h"
#include "report/diff.h"

static const char css[] =
    "body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2733;"
    "background:#f4f6f9}header{background:#1f3a5f;color:#fff;padding:18px 28px}"
    "header h1{margin:0 0 4px;font-size:22px}header .sub{opacity:.85}"
    "main{padding:18px 28px;max-width:1500px}section{background:#fff;border-radius:8px;"
    "box-shadow:0 1px 3px rgba(0,0,0,.08);padding:16px 20px;margin:0 0 18px}"
    "h2{font-size:17px;margin:0 0 12px}table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e6e9ef;vertical-align:top}"
    "th{background:#f0f3f7;cursor:pointer;user-select:none;white-space:nowrap}"
    "td.num,th.num{text-align:right}.cards{display:flex;flex-wrap:wrap;gap:12px}"
    ".card{background:#f0f3f7;border-radius:6px;padding:10px 14px;min-width:120px}"
    ".card b{display:block;font-size:20px}.bar{height:14px;background:#3d7bd9;border-radius:3px}"
    ".barwrap{background:#e9edf3;border-radius:3px;width:260px}"
    ".flag{display:inline-block;border-radius:10px;padding:0 8px;margin:0 4px 2px 0;font-size:12px;"
    "color:#fff}.f-exposed{background:#c62828}.f-stale{background:#8d6e63}"
    ".f-bulk{background:#6a1b9a}.f-sensitive-combination{background:#ef6c00}"
    ".conf-high{color:#b71c1c;font-weight:600}.conf-medium{color:#e65100}.conf-low{color:#607d8b}"
    "details{margin-left:16px}summary{cursor:pointer}.path{font-family:ui-monospace,Menlo,"
    "Consolas,monospace;font-size:13px;word-break:break-all}.muted{color:#6b7785}"
    ".controls{display:flex;gap:10px;flex-wrap:wrap;margin-bottom:10px}"
    ".controls input,.controls select{padding:5px 8px;border:1px solid #c9d1db;border-radius:4px}"
    ".pager{margin-top:10px;display:flex;gap:8px;align-items:center}"
    "button{padding:4px 10px;border:1px solid #c9d1db;background:#fff;border-radius:4px;cursor:pointer}"
    ".plus{color:#2e7d32}.minus{color:#c62828}"
    ".banner{background:#fff3cd;border:1px solid #e0a800;border-radius:8px;padding:12px 16px;margin:0 0 18px}"
    ".pair{display:flex;gap:28px;flex-wrap:wrap}.pair>div{flex:1;min-width:320px}"
    "button.more{padding:0 6px;border:none;background:none;font-size:14px}"
    ".detail{background:#f7f9fc;border-left:3px solid #3d7bd9;padding:8px 14px}"
    ".detail dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0 0 8px}"
    ".detail dt{color:#6b7785}.detail dd{margin:0;word-break:break-all}.detail ol.chain{margin:0;padding-left:20px}"
    ".detail table.findings{width:auto;margin-bottom:8px}.samples{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}"
    "ul.why{margin:4px 0;padding-left:18px}ul.why li{margin:2px 0}#csv-text{white-space:pre-wrap;font-size:12px}"
    /* paper: no controls, no shadows, sections kept whole where they fit */
    "@media print{body{background:#fff;font-size:11px}header{background:none;color:#000;padding:0 0 8px}"
    "main{padding:0;max-width:none}section{box-shadow:none;border:1px solid #ccc;break-inside:avoid-page;"
    "padding:8px 10px;margin:0 0 10px}.controls,.pager,.noprint,button{display:none!important}"
    "th{background:#eee}.bar{background:#555!important;-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    ".flag{color:#000;border:1px solid #000;background:none!important}details>*{display:block}"
    "a{color:#000;text-decoration:none}}";

/* Shared helpers: element creation by text only. */
static const char js_common[] =
    "function el(t,a,txt){var e=document.createElement(t);if(a)for(var k in a){"
    "if(k==='class')e.className=a[k];else e.setAttribute(k,a[k]);}"
    "if(txt!==undefined&&txt!==null)e.textContent=String(txt);return e;}"
    "function add(p){for(var i=1;i<arguments.length;i++)p.appendChild(arguments[i]);return p;}"
    "function fmtBytes(n){var u=['B','KB','MB','GB','TB'],i=0;while(n>=1000&&i<4){n/=1000;i++;}"
    "return(i?n.toFixed(1):n)+' '+u[i];}"
    "function card(label,value){return add(el('div',{class:'card'}),el('b',null,value),"
    "el('span',{class:'muted'},label));}"
    /* a scan of a long --from-file list has thousands of roots: name three */
    "function rootsText(r){return r.length>3?r.slice(0,3).join(', ')+' and '+(r.length-3)+' more':r.join(', ');}"
    "function pathText(f){return f.path+(f.members&&f.members.length?' :: '+f.members.join(' :: '):'');}"
    "var DATA=JSON.parse(document.getElementById('pm-data').textContent);";

static const char js_datamap[] =
    "(function(){var m=DATA,s=m.scan,cov=m.coverage||{};"
    "document.getElementById('title').textContent='piimap data map \\u2014 scan '+s.id;"
    "document.getElementById('sub').textContent='Roots: '+rootsText(s.roots)+(s.under?' \\u00b7 under '+s.under:'')+' \\u00b7 '+s.status+"
    "' \\u00b7 started '+s.started_at+(s.finished_at?' \\u00b7 finished '+s.finished_at:'');"
    "/* a scan that did not read everything says so first */"
    "var why={interrupted:'This scan was interrupted before it finished: files it had not reached are missing, so every figure here is a lower bound. Run piimap scan --resume to finish it.',"
    "incomplete:'This scan is incomplete: a root (or a listed path) could not be read, so what lies there is missing from every figure here. See \\u201cNot fully read\\u201d below.',"
    "running:'This scan was still running (or its process died) when this page was written: the figures are a lower bound.'};"
    "if(why[s.status]){var bn=document.getElementById('banner');bn.className='banner';bn.setAttribute('role','alert');"
    "add(bn,el('b',null,'Scan '+s.status+'. '),document.createTextNode(why[s.status]));}"
    "/* summary */"
    "var sum=document.getElementById('summary');"
    "/* files on disk and the members inside them are counted apart */"
    "var onDisk={},nMem=0;m.files.forEach(function(f){onDisk[f.path]=1;if(f.members&&f.members.length)nMem++;});"
    "var nPii=Object.keys(onDisk).length,pp=m.people||{};add(sum,add(el('div',{class:'cards'}),"
    "card('people (estimate)',pp.estimate===undefined?'?':pp.estimate),card('files seen',s.files_seen),"
    "card('files read',s.files_scanned),card('archive members',s.members_seen||0),"
    "card('bytes read',fmtBytes(s.bytes_scanned)),card('files with personal data',nPii),"
    "card('members with personal data',nMem),"
    "card('skipped',cov.skipped||0),card('partial',cov.partial||0),card('errors',s.errors)));"
    "if(m.people)add(sum,el('p',{class:'muted',id:'people'},'People: about '+pp.estimate+'. Identifiers found '+"
    "'in one record (a table row, a JSON object, a paragraph) are one person, and records that share an '+"
    "'identifier are joined across files, by keyed hash; '+pp.linked_records+' records linked identifiers. '+"
    "'It over-counts a person whose identifiers never meet in one record, and under-counts people who '+"
    "'share one (a family phone). Method: '+pp.method+'.'));"
    "if(s.files_unchanged)add(sum,el('p',{class:'muted'},s.files_unchanged+' files unchanged since scan '+"
    "s.incremental_from+' were carried forward.'));"
    "var wr=cov.skipped_by_reason||{},wk=Object.keys(wr);if(wk.length){var ul=el('ul');"
    "wk.forEach(function(k){add(ul,el('li',null,k+': '+wr[k]));});"
    "add(sum,el('p',null,'Not read, and why:'),ul);}"
    "/* totals */"
    "var tb=el('table'),th=add(el('tr'),el('th',null,'detector'),el('th',{class:'num'},'occurrences'),"
    "el('th',{class:'num'},'distinct'),el('th',{class:'num'},'files'),el('th',null,'confidence (high/medium/low)'),"
    "el('th',null,''));add(tb,th);var tk=Object.keys(m.totals),max=1;"
    "tk.forEach(function(k){max=Math.max(max,m.totals[k].occurrences);});"
    "tk.sort(function(a,b){return m.totals[b].occurrences-m.totals[a].occurrences;});"
    "tk.forEach(function(k){var t=m.totals[k],c=t.by_confidence||{};var bw=add(el('div',{class:'barwrap'}),"
    "el('div',{class:'bar',style:'width:'+Math.max(1,Math.round(260*t.occurrences/max))+'px'}));"
    "add(tb,add(el('tr',{'data-detector':k}),el('td',null,k),el('td',{class:'num'},t.occurrences),"
    "el('td',{class:'num'},t.distinct),el('td',{class:'num'},t.files),el('td',null,(c.high||0)+' / '+(c.medium||0)+' / '+(c.low||0)),"
    "add(el('td'),bw)));});"
    "add(document.getElementById('totals'),tk.length?tb:el('p',null,'No personal data found.'));"
    "var tv=tk.filter(function(k){return m.totals[k].test_value;}).map(function(k){return k+' '+m.totals[k].test_value;});"
    "if(tv.length)add(document.getElementById('totals'),el('p',{class:'muted',id:'test-values'},'Of these, known test "
    "numbers (processors\\' test cards, sample SSNs, documentation IBANs; they identify nobody): '+tv.join(', ')+'.'));"
    "add(document.getElementById('totals'),el('p',{class:'muted',id:'explain'},"
    "'Occurrences count every match. Distinct counts different values, by keyed hash, across the whole scan: '+"
    "'one e-mail address found 12 times in 5 files is 12 occurrences and 1 distinct value. Distinct values are '+"
    "'identifiers, not people: one person with two e-mail addresses and a phone number is 3 distinct values '+"
    "'(in 2 detectors), and two people who share a phone number are 1; the people estimate above joins them. '+"
    "'Files counts the files and archive members holding the detector\\u2019s values. '+"
    "'Bars: occurrences, on a scale where the largest is the full bar.'));"
    "/* directory tree */"
    "var root={name:'',kids:{},files:0,pii:0,occ:0,path:''};"
    "m.directories.forEach(function(d){var parts=d.path.split('/'),n=root,acc='';"
    "parts.forEach(function(p,i){if(p===''&&i===0){acc='/';return;}acc=acc==='/'?'/'+p:(acc?acc+'/'+p:p);"
    "if(!n.kids[p])n.kids[p]={name:p,kids:{},files:0,pii:0,occ:0,path:acc};n=n.kids[p];});"
    "var o=0;for(var k in d.findings)o+=d.findings[k].occurrences;"
    "var q=root;q.files+=d.files;q.pii+=d.files_with_pii;q.occ+=o;acc='';"
    "parts.forEach(function(p,i){if(p===''&&i===0)return;q=q.kids[p];q.files+=d.files;q.pii+=d.files_with_pii;q.occ+=o;});});"
    "function node(n,open){var kids=Object.keys(n.kids).map(function(k){return n.kids[k];})"
    ".sort(function(a,b){return b.occ-a.occ;});"
    "var label=(n.name||'/')+' \\u2014 '+n.pii+' of '+n.files+' files with PII ('+"
    "(n.files?Math.round(100*n.pii/n.files):0)+'%), '+n.occ+' findings';"
    "if(!kids.length)return el('div',{class:'path'},label);"
    "var d=el('details');if(open)d.open=true;add(d,el('summary',{class:'path'},label));"
    "kids.forEach(function(k){add(d,node(k,false));});return d;}"
    "var tree=document.getElementById('tree');var top=root;"
    "while(Object.keys(top.kids).length===1&&top.files===Object.values(top.kids)[0].files)"
    "top=Object.values(top.kids)[0];add(tree,node(top,true));"
    "/* where PII concentrates: top directories by findings */"
    "var dirs=m.directories.map(function(d){var o=0;for(var k in d.findings)o+=d.findings[k].occurrences;"
    "return{p:d.path,o:o,f:d.files_with_pii};}).filter(function(d){return d.o>0;})"
    ".sort(function(a,b){return b.o-a.o;}).slice(0,15);var dm=dirs.length?dirs[0].o:1;"
    "var chart=add(el('table',{id:'chart-table'}),add(el('tr'),el('th',null,'directory'),el('th',{class:'num'},'matches'),"
    "el('th',{class:'num'},'files with personal data'),el('th',null,'matches, scaled to the largest ('+dm+')')));"
    "dirs.forEach(function(d){add(chart,add(el('tr'),"
    "el('td',{class:'path'},d.p),el('td',{class:'num'},d.o+' matches'),el('td',{class:'num'},d.f+' files'),add(el('td'),add(el('div',{class:'barwrap'}),"
    "el('div',{class:'bar',style:'width:'+Math.max(1,Math.round(260*d.o/dm))+'px'})))));});"
    "add(document.getElementById('chart'),chart,el('p',{class:'muted'},'Matches (occurrences of every detector) found in the files directly in each directory, not in its subdirectories; the 15 directories with the most.'));"
    "/* files table */"
    "var TYPES={'text/plain':'Text file','text/csv':'CSV table','text/tab-separated-values':'TSV table',"
    "'text/html':'Web page (HTML)','text/xml':'XML file','application/xml':'XML file','application/json':'JSON file',"
    "'application/x-ndjson':'JSON lines','text/markdown':'Markdown text','text/x-script.python':'Python source',"
    "'text/x-python':'Python source','text/x-shellscript':'Shell script','text/x-c':'C source','text/x-java':'Java source',"
    "'application/javascript':'JavaScript source','text/javascript':'JavaScript source','application/sql':'SQL script',"
    "'application/x-wine-extension-ini':'Settings file (INI)','text/x-log':'Log file',"
    "'application/pdf':'PDF document','message/rfc822':'E-mail message','application/mbox':'Mailbox (mbox)',"
    "'application/vnd.openxmlformats-officedocument.wordprocessingml.document':'Word document',"
    "'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet':'Excel workbook',"
    "'application/vnd.openxmlformats-officedocument.presentationml.presentation':'PowerPoint presentation',"
    "'application/vnd.ms-excel':'Excel workbook (old format)','application/msword':'Word document (old format)',"
    "'application/vnd.ms-powerpoint':'PowerPoint presentation (old format)',"
    "'application/vnd.oasis.opendocument.text':'OpenDocument text','application/vnd.oasis.opendocument.spreadsheet':'OpenDocument spreadsheet',"
    "'application/vnd.oasis.opendocument.presentation':'OpenDocument presentation','application/rtf':'Rich Text document','text/rtf':'Rich Text document',"
    "'application/zip':'ZIP archive','application/x-tar':'tar archive','application/gzip':'gzip-compressed file',"
    "'application/x-gzip':'gzip-compressed file','application/x-bzip2':'bzip2-compressed file','application/x-xz':'xz-compressed file',"
    "'application/zstd':'Zstandard-compressed file','application/x-7z-compressed':'7-Zip archive','application/x-rar':'RAR archive',"
    "'application/vnd.rar':'RAR archive','application/x-iso9660-image':'Disc image (ISO)','application/x-cpio':'cpio archive',"
    "'application/vnd.sqlite3':'SQLite database','application/x-sqlite3':'SQLite database',"
    "'application/octet-stream':'Binary file','application/x-executable':'Program','application/x-sharedlib':'Program library',"
    "'inode/x-empty':'Empty file'};"
    "function typeName(t){if(!t)return 'unknown type';if(TYPES[t])return TYPES[t];"
    "if(t.indexOf('text/')===0)return 'Text file ('+t.slice(5).replace(/^x-/,'')+')';return t;}"
    "function modeText(o){var v=parseInt(o||'0',8),r='',c='rwxrwxrwx';for(var i=0;i<9;i++)r+=(v&(256>>i))?c[i]:'-';"
    "if(v&2048)r=r.slice(0,2)+(v&64?'s':'S')+r.slice(3);if(v&1024)r=r.slice(0,5)+(v&8?'s':'S')+r.slice(6);"
    "if(v&512)r=r.slice(0,8)+(v&1?'t':'T');return r;}"
    "var IDENTITY={credit_card:1,us_ssn:1,iban:1,uk_nino:1,ca_sin:1,fr_nir:1,es_dni:1,nl_bsn:1,in_aadhaar:1,"
    "de_tax_id:1,it_fiscal_code:1,uk_nhs:1,pl_pesel:1,br_cpf:1,se_personnummer:1,au_tfn:1,us_itin:1,"
    "uk_passport:1,de_passport:1,us_passport:1,date_of_birth:1};"
    "/* why each flag is set, in words, from what the page holds about the file */"
    "function riskWhy(f,x,age){var ks=Object.keys(f.findings),idn=ks.filter(function(k){return IDENTITY[k]&&f.findings[k].occurrences>(f.findings[k].test_value||0);}),"
    "con=ks.filter(function(k){return k==='email'||k==='phone'||k==='postal_address';}),dist=0,v=parseInt(f.mode||'0',8);"
    "ks.forEach(function(k){dist+=f.findings[k].distinct;});"
    "if(x==='exposed'){var why=[];if(v&4)why.push('everyone can read it');if(v&18)why.push(((v&16)?'its group':'')+((v&16)&&(v&2)?' and ':'')+((v&2)?'everyone':'')+' can write it');var t=why.length?'mode '+modeText(f.mode)+': '+why.join(', and '):'';if(f.acl)t+=(t?'; ':'mode '+modeText(f.mode)+', but ')+'an access control list (ACL) lets others in: '+f.acl.split(',').join(', ');return t;}"
    "if(x==='stale')return 'not modified for '+age+' days (since '+(f.mtime||'').slice(0,10)+'): keep it only if it is still needed';"
    "if(x==='bulk')return dist+' distinct identifiers: an export or a dump (100 or more)';"
    "if(x==='sensitive-combination')return idn.length>=2?'two kinds of identity data: '+idn.join(', ')"
    ":'identity data ('+idn.join(', ')+') together with contact data ('+con.join(', ')+')';return x;}"
    "var now=Date.now(),rows=m.files.map(function(f){var n=0,c=0,rank={none:0,low:1,medium:2,high:3};"
    "var parts=[],samp=[];for(var k in f.findings){n+=f.findings[k].occurrences;"
    "c=Math.max(c,rank[f.findings[k].confidence]||0);parts.push(k+' '+f.findings[k].occurrences);"
    "(f.findings[k].samples||[]).forEach(function(x){samp.push(x);});}"
    "var age=f.mtime?Math.floor((now-Date.parse(f.mtime))/86400000):0;"
    "return{f:f,path:pathText(f),type:typeName(f.mime),size:f.size,owner:(f.owner||f.uid)+':'+(f.group||f.gid),"
    "mode:modeText(f.mode),age:age,n:n,finds:parts.join(', '),samples:samp.join(', '),conf:c,risk:(f.risk||[])};});"
    "var confName=['none','low','medium','high'];"
    "var state={sort:'n',dir:-1,page:0,q:'',det:'',risk:'',open:{}},PAGE=100;"
    "var detSel=document.getElementById('fdet'),riskSel=document.getElementById('frisk');"
    "tk.forEach(function(k){add(detSel,el('option',{value:k},k));});"
    "['exposed','stale','bulk','sensitive-combination'].forEach(function(k){add(riskSel,el('option',{value:k},k));});"
    "var cols=[['path','path'],['type','type'],['size','size'],['owner','owner:group'],['mode','mode'],"
    "['age','age (days)'],['n','findings'],['samples','samples (masked)'],['conf','confidence'],['risk','risk']];"
    "function filtered(){var q=state.q.toLowerCase();var list=rows.filter(function(r){"
    "return(!q||r.path.toLowerCase().indexOf(q)>=0)&&(!state.det||r.f.findings[state.det])&&"
    "(!state.risk||r.risk.indexOf(state.risk)>=0);});"
    "list.sort(function(a,b){var x=a[state.sort],y=b[state.sort];if(Array.isArray(x)){x=x.length;y=y.length;}"
    "return(x<y?-1:x>y?1:0)*state.dir;});return list;}"
    "/* one file in detail: where, what, how sure, and why it is at risk */"
    "function detail(r){var f=r.f,box=el('div',{class:'detail'});"
    "var dl=el('dl');function kv(k,v){add(dl,el('dt',null,k),el('dd',null,v));}"
    "kv('file',f.path);if(f.members&&f.members.length){var ol=el('ol',{class:'chain'});"
    "f.members.forEach(function(x){add(ol,el('li',{class:'path'},x));});add(dl,el('dt',null,'inside it, member by member'),add(el('dd'),ol));}"
    "kv('type',typeName(f.mime)+(f.mime?' ('+f.mime+')':'')+(f.encoding?', read as '+f.encoding:''));"
    "kv('size',fmtBytes(f.size)+' ('+f.size+' bytes)');kv('owner',(f.owner||'uid '+f.uid)+', group '+(f.group||'gid '+f.gid));"
    "kv('permissions',modeText(f.mode)+' ('+f.mode+')'+(f.acl?' and ACL '+f.acl:''));var tvf=Object.keys(f.findings).filter(function(k){return f.findings[k].test_value;});if(tvf.length)kv('known test numbers',tvf.map(function(k){return k+' '+f.findings[k].test_value;}).join(', '));kv('modified',(f.mtime||'?')+' ('+r.age+' days ago)');kv('read',f.status);"
    "add(box,dl);var t=add(el('table',{class:'findings'}),add(el('tr'),el('th',null,'detector'),el('th',{class:'num'},'occurrences'),"
    "el('th',{class:'num'},'distinct'),el('th',null,'confidence'),el('th',null,'high / medium / low'),el('th',null,'samples (masked)')));"
    "Object.keys(f.findings).forEach(function(k){var x=f.findings[k],bc=x.by_confidence||{};"
    "add(t,add(el('tr'),el('td',null,k),el('td',{class:'num'},x.occurrences),el('td',{class:'num'},x.distinct),"
    "el('td',{class:'conf-'+x.confidence},x.confidence),el('td',null,(bc.high||0)+' / '+(bc.medium||0)+' / '+(bc.low||0)),"
    "el('td',{class:'samples'},(x.samples||[]).join(', '))));});add(box,t);"
    "var ul=el('ul',{class:'why'});r.risk.forEach(function(x){add(ul,add(el('li'),el('span',{class:'flag f-'+x},x),"
    "document.createTextNode(riskWhy(f,x,r.age))));});"
    "add(box,r.risk.length?add(el('div'),el('b',null,'Risk, and why'),ul):el('p',{class:'muted'},'No risk flag.'));return box;}"
    "function render(){var list=filtered();"
    "var pages=Math.max(1,Math.ceil(list.length/PAGE));if(state.page>=pages)state.page=pages-1;"
    "var t=el('table',{id:'files-table'}),h=add(el('tr'),el('th',{class:'noprint'},''));cols.forEach(function(c){var th=el('th',"
    "c[0]==='size'||c[0]==='n'||c[0]==='age'?{class:'num'}:null,c[1]+(state.sort===c[0]?(state.dir>0?' \\u25b2':' \\u25bc'):''));"
    "th.addEventListener('click',function(){if(state.sort===c[0])state.dir=-state.dir;else{state.sort=c[0];state.dir=1;}render();});"
    "add(h,th);});add(t,h);"
    "list.slice(state.page*PAGE,(state.page+1)*PAGE).forEach(function(r){var rk=add(el('td'));"
    "r.risk.forEach(function(x){add(rk,el('span',{class:'flag f-'+x},x));});"
    "var key=r.path,open=!!state.open[key],bt=el('button',{class:'more','aria-expanded':open?'true':'false',title:'details'},open?'\\u25be':'\\u25b8');"
    "bt.onclick=function(){if(state.open[key])delete state.open[key];else state.open[key]=1;render();};"
    "add(t,add(el('tr',{class:'file-row'}),add(el('td',{class:'noprint'}),bt),el('td',{class:'path'},r.path),el('td',{title:r.f.mime||''},r.type),"
    "el('td',{class:'num'},fmtBytes(r.size)),el('td',null,r.owner),el('td',{class:'mode',title:r.f.mode},r.mode),"
    "el('td',{class:'num'},r.age),el('td',null,r.finds),el('td',{class:'samples'},r.samples),el('td',{class:'conf-'+confName[r.conf]},confName[r.conf]),rk));"
    "if(open)add(t,add(el('tr',{class:'detail-row'}),add(el('td',{colspan:String(cols.length+1)}),detail(r))));});"
    "var box=document.getElementById('files');box.textContent='';add(box,t);"
    "var pg=document.getElementById('pager');pg.textContent='';var prev=el('button',null,'\\u2190 previous'),"
    "next=el('button',null,'next \\u2192');prev.disabled=state.page===0;next.disabled=state.page>=pages-1;"
    "prev.onclick=function(){state.page--;render();};next.onclick=function(){state.page++;render();};"
    "add(pg,prev,el('span',null,'page '+(state.page+1)+' of '+pages+' \\u00b7 '+list.length+' files'),next);}"
    "document.getElementById('fq').addEventListener('input',function(e){state.q=e.target.value;state.page=0;render();});"
    "detSel.addEventListener('change',function(e){state.det=e.target.value;state.page=0;render();});"
    "riskSel.addEventListener('change',function(e){state.risk=e.target.value;state.page=0;render();});"
    "/* the file table as CSV: the rows the filters keep, every page; a cell that"
    "   a spreadsheet would run as a formula starts with an apostrophe */"
    "function csvCell(v){v=String(v===undefined||v===null?'':v);if(/^[=+\\-@\\t\\r]/.test(v))v=\"'\"+v;"
    "return /[\",\\n\\r]/.test(v)?'\"'+v.replace(/\"/g,'\"\"')+'\"':v;}"
    "function csv(){var out=[['path','members','type','mime','size','owner','group','mode','modified','age_days',"
    "'detectors','occurrences','distinct','samples','confidence','risk'].join(',')];"
    "filtered().forEach(function(r){var f=r.f,d=0;Object.keys(f.findings).forEach(function(k){d+=f.findings[k].distinct;});"
    "out.push([f.path,(f.members||[]).join(' :: '),r.type,f.mime,f.size,f.owner||f.uid,f.group||f.gid,r.mode,f.mtime,r.age,"
    "r.finds,r.n,d,r.samples,confName[r.conf],r.risk.join(' ')].map(csvCell).join(','));});return out.join('\\r\\n')+'\\r\\n';}"
    "document.getElementById('fcsv').addEventListener('click',function(){var a=el('a',{download:'piimap-files-scan'+s.id+'.csv',"
    "href:'data:text/csv;charset=utf-8,'+encodeURIComponent('\\ufeff'+csv())});document.body.appendChild(a);a.click();a.remove();});"
    "/* #csv shows the CSV in the page, to copy or to check */"
    "if(location.hash==='#csv')add(document.getElementById('files-csv'),el('pre',{id:'csv-text'},csv()));"
    /* #file=PATH opens that file's detail (a link to one file) */
    "var hf=decodeURIComponent(location.hash.slice(1));if(hf.indexOf('file=')===0){state.q=hf.slice(5);"
    "document.getElementById('fq').value=state.q;state.open[state.q]=1;}"
    "render();"
    "/* roll-ups: by owner, and by top-level folder below each root */"
    "function rollup(id,keyOf,label){var g={};rows.forEach(function(r){var k=keyOf(r);"
    "var x=g[k]||(g[k]={k:k,files:0,n:0,exposed:0,dets:{}});x.files++;x.n+=r.n;if(r.risk.indexOf('exposed')>=0)x.exposed++;"
    "for(var d in r.f.findings)x.dets[d]=1;});var ks=Object.values(g).sort(function(a,b){return b.n-a.n||(a.k<b.k?-1:1);});"
    "var t=add(el('table',{id:id+'-table'}),add(el('tr'),el('th',null,label),el('th',{class:'num'},'files with personal data'),"
    "el('th',{class:'num'},'matches'),el('th',{class:'num'},'exposed files'),el('th',null,'detectors')));"
    "ks.forEach(function(x){add(t,add(el('tr',{class:'rollup-row'}),el('td',{class:'path'},x.k),el('td',{class:'num'},x.files),"
    "el('td',{class:'num'},x.n),el('td',{class:'num'},x.exposed),el('td',null,Object.keys(x.dets).sort().join(', '))));});"
    "add(document.getElementById(id),ks.length?t:el('p',{class:'muted'},'None.'));}"
    "rollup('by-owner',function(r){return r.f.owner||('uid '+r.f.uid);},'owner');"
    "var roots=(s.roots||[]).slice().sort(function(a,b){return b.length-a.length;});"
    "rollup('by-folder',function(r){var p=r.f.path;for(var i=0;i<roots.length;i++){var rt=roots[i];"
    "if(p===rt)return rt;if(p.indexOf(rt.replace(/\\/$/,'')+'/')===0){var rest=p.slice(rt.replace(/\\/$/,'').length+1),j=rest.indexOf('/');"
    "return j<0?rt+' (files directly in it)':rt.replace(/\\/$/,'')+'/'+rest.slice(0,j);}}return p;},'top-level folder');"
    "/* sprawl: one identifier in many files */"
    "var sb=document.getElementById('sprawl'),sp=m.sprawl||[];"
    "if(!sp.length)add(sb,el('p',{class:'muted'},'No identifier is held by 3 or more files.'));"
    "else{var st=add(el('table',{id:'sprawl-table'}),add(el('tr'),el('th',null,'detector'),el('th',null,'value (masked)'),"
    "el('th',null,'keyed hash'),el('th',{class:'num'},'files'),el('th',null,'where')));"
    "sp.forEach(function(x){var wh=el('td');var ps=x.files.map(pathText);"
    "if(ps.length<=3)ps.forEach(function(p){add(wh,el('div',{class:'path'},p));});"
    "else{var dd=add(el('details'),el('summary',{class:'path'},ps[0]+' and '+(x.file_count-1)+' more'));"
    "ps.forEach(function(p){add(dd,el('div',{class:'path'},p));});"
    "if(x.file_count>ps.length)add(dd,el('div',{class:'muted'},(x.file_count-ps.length)+' more not listed'));add(wh,dd);}"
    "add(st,add(el('tr',{class:'sprawl-row'}),el('td',null,x.detector),el('td',null,x.sample||'\\u2014'),"
    "el('td',{class:'path'},x.hash),el('td',{class:'num'},x.file_count),wh));});add(sb,st);}"
    "/* errors */"
    "var eb=document.getElementById('errors');if(!m.errors.length)add(eb,el('p',{class:'muted'},'None.'));"
    "else{var et=add(el('table'),add(el('tr'),el('th',null,'path'),el('th',null,'status'),el('th',null,'what happened')));"
    "m.errors.slice(0,1000).forEach(function(e){add(et,add(el('tr'),el('td',{class:'path'},pathText(e)),"
    "el('td',null,e.status),el('td',null,e.error)));});add(eb,et);"
    "if(m.errors.length>1000)add(eb,el('p',{class:'muted'},(m.errors.length-1000)+' more in the JSON data map.'));}"
    "document.body.setAttribute('data-ready','1');})();";

static const char js_diff[] =
    "(function(){var d=DATA;document.getElementById('title').textContent='piimap diff \\u2014 scan '+"
    "d.from.id+' \\u2192 scan '+d.to.id;document.getElementById('sub').textContent='Roots: '+"
    "rootsText(d.roots)+' \\u00b7 '+d.from.started_at+' \\u2192 '+d.to.started_at;"
    "add(document.getElementById('summary'),add(el('div',{class:'cards'}),card('files with new personal data',"
    "d.summary.new),card('files whose personal data is gone',d.summary.gone),card('files with changed counts',d.summary.changed)));"
    "function table(id,items,mark,cls,both){var box=document.getElementById(id);"
    "if(!items.length){add(box,el('p',{class:'muted'},'None.'));return;}"
    "var t=add(el('table'),add(el('tr'),el('th',null,''),el('th',null,'path'),el('th',null,'findings'),el('th',null,'why')));"
    "items.forEach(function(it){var parts=[],only=it.detectors_changed;for(var k in it.findings){var f=it.findings[k];"
    /* a changed item shows only the detectors whose counts moved */
    "if(both&&only&&only.indexOf(k)<0)continue;"
    "parts.push(both?k+' '+f.before+' \\u2192 '+f.after:k+' '+(f.after||f.before));}"
    "add(t,add(el('tr',{class:'item-row'}),el('td',{class:cls},mark),el('td',{class:'path'},pathText(it)),"
    "el('td',null,parts.join(', ')),el('td',null,it.reason||'')));});add(box,t);}"
    "table('new',d.new,'+','plus',false);table('gone',d.gone,'\\u2212','minus',false);table('changed',d.changed,'~','',true);"
    "var db=document.getElementById('distinct');if(!d.distinct)add(db,el('p',null,'Not comparable: the scans used different keys.'));"
    "else{var t=add(el('table'),add(el('tr'),el('th',null,'detector'),el('th',{class:'num'},'new distinct values'),"
    "el('th',{class:'num'},'no longer seen')));Object.keys(d.distinct).forEach(function(k){"
    "add(t,add(el('tr'),el('td',null,k),el('td',{class:'num'},d.distinct[k].new),el('td',{class:'num'},d.distinct[k].gone)));});add(db,t);}"
    "document.body.setAttribute('data-ready','1');})();";

/* Copies JSON text into the page, escaping what could end a script block. */
static int put_json(FILE *out, const char *json, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = json[i];
        int r = c == '<' ? fputs("\\u003c", out) : c == '>' ? fputs("\\u003e", out)
                : c == '&' ? fputs("\\u0026", out) : fputc(c, out);
        if (r == EOF)
            return -1;
    }
    return 0;
}

static int write_page(const char *path, const char *title, const char *body, const char *json,
                      size_t jlen, const char *script, char *err, size_t errsz)
{
    FILE *out = pm_report_open(path, err, errsz);
    if (!out)
        return -1;
    fprintf(out,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>%s</title><style>%s</style></head><body>\n"
            "<header><h1 id=\"title\">%s</h1><div class=\"sub\" id=\"sub\"></div></header>\n"
            "<main>%s</main>\n<script type=\"application/json\" id=\"pm-data\">",
            title, css, title, body);
    int rc = put_json(out, json, jlen);
    fprintf(out, "</script>\n<script>%s%s</script>\n</body></html>\n", js_common, script);
    if (rc != 0 || fflush(out) != 0 || ferror(out)) {
        snprintf(err, errsz, "%s: write failed: %s", path, strerror(errno));
        if (out != stdout)
            fclose(out);
        return -1;
    }
    if (out != stdout && fclose(out) != 0) {
        snprintf(err, errsz, "%s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

int pm_html_write_datamap(struct pm_inv *inv, int64_t scan_id, int stale_days, const char *under,
                          const char *path, char *err, size_t errsz)
{
    char *json = NULL;
    size_t jlen = 0;
    FILE *mem = open_memstream(&json, &jlen);
    if (!mem) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    int rc = pm_datamap_write_json(inv, scan_id, PM_VERSION, stale_days, under, mem, err, errsz);
    fclose(mem);
    if (rc == 0) {
        static const char body[] =
            "<div id=\"banner\"></div>"
            "<section><h2>Summary and coverage</h2><div id=\"summary\"></div></section>"
            "<section><h2>Personal data found, by detector</h2><div id=\"totals\"></div></section>"
            "<section><h2>Where it concentrates</h2><div id=\"chart\"></div></section>"
            "<section class=\"pair\"><div><h2>By owner</h2><div id=\"by-owner\"></div></div>"
            "<div><h2>By top-level folder</h2><div id=\"by-folder\"></div></div></section>"
            "<section><h2>Directory tree</h2><div id=\"tree\"></div></section>"
            "<section><h2>Files with personal data</h2><div class=\"controls\">"
            "<input id=\"fq\" placeholder=\"filter by path\" size=\"40\">"
            "<select id=\"fdet\"><option value=\"\">all detectors</option></select>"
            "<select id=\"frisk\"><option value=\"\">any risk</option></select>"
            "<button id=\"fcsv\" type=\"button\">Download CSV</button></div>"
            "<div id=\"files\"></div><div class=\"pager\" id=\"pager\"></div><div id=\"files-csv\"></div>"
            "<p class=\"muted\">\u25b8 opens a file's detail: its members, detectors, confidence, "
            "masked samples and why each risk flag is set. The CSV holds the rows the filters "
            "keep, every page. Risk: <span class=\"flag f-exposed\">exposed</span>readable by "
            "everyone or writable by group/others, by its mode or an access control list; "
            "<span class=\"flag f-stale\">stale</span>not "
            "modified for a long time (retention); <span class=\"flag f-bulk\">bulk</span>many "
            "distinct identifiers (an export or dump); <span class=\"flag "
            "f-sensitive-combination\">sensitive-combination</span>identity data together with "
            "other identity or contact data. Values are masked; raw values are never stored."
            "</p></section>"
            "<section><h2>Identifiers found in many files</h2><p class=\"muted\">The same value "
            "(by keyed hash) in 3 or more files or archive members: copies of one list spread "
            "across the share, which data minimisation says to remove. The 100 held by most "
            "files.</p><div id=\"sprawl\"></div></section>"
            "<section><h2>Not fully read</h2><div id=\"errors\"></div></section>";
        rc = write_page(path, "piimap data map", body, json, jlen, js_datamap, err, errsz);
    }
    free(json);
    return rc;
}

int pm_html_write_diff(const char *path, json_t *diff, char *err, size_t errsz)
{
    char *json = json_dumps(diff, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
    if (!json) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    static const char body[] =
        "<section><h2>Summary</h2><div id=\"summary\"></div></section>"
        "<section><h2>New personal data</h2><div id=\"new\"></div></section>"
        "<section><h2>Personal data gone (deleted or cleaned)</h2><div id=\"gone\"></div></section>"
        "<section><h2>Changed counts</h2><div id=\"changed\"></div></section>"
        "<section><h2>Distinct values (by keyed hash)</h2><div id=\"distinct\"></div></section>";
    int rc = write_page(path, "piimap diff", body, json, strlen(json), js_diff, err, errsz);
    free(json);
    return rc;
}
