{#- Elder-friendly display (适老化): large text and high contrast, chosen with the switch at the top of every
    page (base.html) and remembered in this browser only (localStorage "qy-display"). Inline and first in
    <head>, so a page never paints in the wrong mode; kept short, as every page carries it. Without
    JavaScript the switch is hidden (a <noscript> style in base.html), with it the switch is there from the
    first paint (nothing moves). -#}
(function(){var k="qy-display",h=document.documentElement,m=[];
try{m=(localStorage.getItem(k)||"").split(" ").filter(function(x){return x==="large"||x==="contrast"})}catch(e){}
function a(){h.classList.toggle("qy-large",m.indexOf("large")>=0);h.classList.toggle("qy-contrast",m.indexOf("contrast")>=0)}
a();document.addEventListener("DOMContentLoaded",function(){var g=document.getElementById("display-switch");if(!g)return;
[].forEach.call(g.querySelectorAll("button[data-display]"),function(b){var d=b.getAttribute("data-display");b.setAttribute("aria-pressed",String(m.indexOf(d)>=0));
b.addEventListener("click",function(){var i=m.indexOf(d);if(i>=0)m.splice(i,1);else m.push(d);try{localStorage.setItem(k,m.join(" "))}catch(e){}a();b.setAttribute("aria-pressed",String(i<0))})})})})();
