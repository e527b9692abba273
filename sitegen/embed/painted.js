/* ---- The first-paint gate (sitegen/embed/painted.js), shared by the partner embed's loader and the
   listing pages' boot module (sitegen/src/formats/embed.rs and sitegen/src/site/widget.rs put it in
   both). Nothing of the widget is fetched before the page's first paint is on screen: the frame after
   this is first asked, and the first contentful paint reported (a page that paints nothing contentful:
   a second after its load event). What a page shows first never waits for the widget's 140 KB, nor is
   it counted against the page's own paint (Lighthouse's simulated LCP counts every request that ended
   before the observed paint). Ask only when the widget is to start: a frame callback pending at load
   has the browser count that frame's layout and paint as the script's task. ---- */
let qyPainted = null;
function qyPaint() {
  qyPainted ??= new Promise((go) => requestAnimationFrame(() => setTimeout(() => {
    if (!window.PerformanceObserver?.supportedEntryTypes?.includes("paint")) return go();
    new PerformanceObserver((l, o) => {
      if (l.getEntriesByName("first-contentful-paint").length) {
        o.disconnect();
        go();
      }
    }).observe({ type: "paint", buffered: true });
    const late = () => setTimeout(go, 1000);
    if (document.readyState === "complete") late();
    else addEventListener("load", late, { once: true });
  }, 0)));
  return qyPainted;
}
