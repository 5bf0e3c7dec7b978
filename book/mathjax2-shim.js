// The ipywidgets embed manager typesets widget labels with the MathJax 2 call
// MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]); the book loads MathJax 3, which has no Hub,
// so every widget label threw "Cannot read properties of undefined (reading 'Queue')".
// This maps that one call onto MathJax 3's typesetPromise, whether MathJax loads before or after it.
(function () {
  function addHub(mj) {
    if (mj && typeof mj === "object" && !mj.Hub) {
      Object.defineProperty(mj, "Hub", {
        configurable: true, enumerable: false, writable: true,
        value: {
          Queue: function (job) {
            var now = window.MathJax, element = job && job[2];
            if (element && now && typeof now.typesetPromise === "function") {
              now.typesetPromise([element]).catch(function () {});
            }
          }
        }
      });
    }
    return mj;
  }
  var current = addHub(window.MathJax);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: function (value) { current = addHub(value); }
  });
})();
