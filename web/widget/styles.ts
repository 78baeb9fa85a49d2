/** The widget's CSS, inside its shadow root so the shop's styles and ours never meet. */
export const WIDGET_CSS = `
:host{all:initial;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330}
*{box-sizing:border-box}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
button{font:inherit;cursor:pointer}
:focus-visible{outline:3px solid #ffb703;outline-offset:2px}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:60px;height:60px;border:0;border-radius:50%;background:#2454d6;color:#fff;box-shadow:0 6px 20px rgba(20,40,120,.35);display:grid;place-items:center}
.launcher svg{width:28px;height:28px;fill:currentColor}
.badge{position:absolute;top:-2px;right:-2px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#e5383b;color:#fff;font-size:12px;font-weight:700;line-height:22px}
.panel{position:fixed;right:20px;bottom:92px;z-index:2147483000;width:370px;max-width:calc(100vw - 24px);height:min(580px,calc(100vh - 116px));display:flex;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 12px 40px rgba(15,25,60,.25);overflow:hidden}
.panel[hidden]{display:none}
header{display:flex;align-items:center;gap:10px;padding:14px 14px 12px 18px;background:#2454d6;color:#fff}
header div{flex:1;min-width:0}
h2{margin:0;font-size:17px}
.sub{margin:2px 0 0;font-size:13px;opacity:.9}
.close{border:0;background:transparent;color:#fff;font-size:24px;line-height:1;width:36px;height:36px;border-radius:8px}
.banner{margin:0;padding:8px 14px;font-size:13px;background:#fff4d6;color:#6b4b00;border-bottom:1px solid #f0dca0}
.banner:empty{display:none}
.intro{padding:18px;display:flex;flex-direction:column;gap:12px;overflow:auto}
.intro p{margin:0;color:#4a5468}
.intro .error{color:#c62828}
.intro .error:empty{display:none}
label{display:flex;flex-direction:column;gap:4px;font-size:13px;font-weight:600;color:#39425a}
input,textarea{font:inherit;font-weight:400;padding:9px 11px;border:1px solid #c4cbda;border-radius:9px;color:#1d2330;background:#fff}
.primary{border:0;border-radius:9px;padding:10px 14px;background:#2454d6;color:#fff;font-weight:600}
.log-region{flex:1;min-height:0;display:flex;flex-direction:column}
.log{flex:1;margin:0;padding:14px;list-style:none;overflow-y:auto;display:flex;flex-direction:column;gap:8px;background:#f5f7fb}
.msg{max-width:80%;align-self:flex-start}
.msg.own{align-self:flex-end}
.bubble{padding:8px 12px;border-radius:14px 14px 14px 4px;background:#fff;border:1px solid #e1e5ef;white-space:pre-wrap;overflow-wrap:anywhere}
.own .bubble{border-radius:14px 14px 4px 14px;background:#2454d6;border-color:#2454d6;color:#fff}
.assistant .bubble{background:#f3f0fd;border-color:#d6cdf6}
.streaming .bubble{border-style:dashed}
.who{display:block;margin:0 0 2px 4px;font-size:12px;font-weight:700;color:#553c9a}
.sources{margin-top:6px;padding-top:6px;border-top:1px solid #d6cdf6;font-size:13px;white-space:normal;color:#39425a}
.sources ul{margin:2px 0 0;padding-left:18px}
.sources a{color:#1f47b8}
.deleted .bubble{font-style:italic;opacity:.7}
.meta{display:block;margin-top:2px;font-size:11px;color:#5b6478;text-align:right}
.msg:not(.own) .meta{text-align:left}
.failed .meta{color:#c62828}
.note{align-self:center;max-width:90%;padding:6px 10px;border-radius:8px;background:#e8ecf7;color:#39425a;font-size:13px;text-align:center}
.typing{margin:0;padding:0 16px 6px;font-size:12px;color:#5b6478;background:#f5f7fb;min-height:18px}
.composer{display:flex;gap:8px;padding:10px;border-top:1px solid #e1e5ef}
.composer textarea{flex:1;resize:none;max-height:120px}
.attach{background:none;border:1px solid #c5cbd8;border-radius:8px;padding:0 10px;font-size:18px;cursor:pointer}
.upload{margin:0;padding:4px 14px;font-size:12px;color:#3d4556}
.upload:empty{display:none}
.files{list-style:none;margin:6px 0 0;padding:0}
.files img{display:block;max-width:100%;max-height:200px;border-radius:8px}
.own .files a{color:#fff}
.ended{padding:12px 14px;border-top:1px solid #e1e5ef;display:flex;gap:10px;align-items:center;justify-content:space-between}
.human{padding:0 10px 8px;background:#f5f7fb}
.secondary{border:1px solid #2454d6;border-radius:9px;padding:6px 12px;background:#fff;color:#1f47b8;font-weight:600}
.away{display:flex;gap:8px;align-items:flex-end;padding:10px;border-top:1px solid #e1e5ef}
.away label{flex:1}
.ended[hidden],.away[hidden],.human[hidden],.composer[hidden],.intro[hidden],.log-region[hidden],.typing[hidden]{display:none}
@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;max-width:100vw;height:100%;border-radius:0}.launcher{right:14px;bottom:14px}}
`;
