// Accessible names for the ipywidgets sliders on the book's pages.
// A slider's draggable handle (role="slider") carries no name of its own: ipywidgets 8 shows
// the control's description in a <label> beside it but never ties the two together, so a screen
// reader announced "slider, 0.8" and axe reported every slider (rule aria-input-field-name).
// This points each handle at its label with aria-labelledby, for every slider the widget
// manager draws now or later (it renders them after the page has loaded, and rebuilds a
// handle when a slider changes orientation).
(function () {
  var SLIDER = '[role="slider"]', count = 0;
  function nameHandles(root) {
    var handles = root.querySelectorAll
      ? root.querySelectorAll(SLIDER + ":not([aria-label]):not([aria-labelledby])") : [];
    for (var i = 0; i < handles.length; i++) {
      var widget = handles[i].closest(".widget-slider");
      var label = widget && widget.querySelector(":scope > .widget-label");
      if (label && label.textContent.trim()) {
        if (!label.id) { label.id = "crmlab-widget-label-" + (++count); }
        handles[i].setAttribute("aria-labelledby", label.id);
      } else if (widget && widget.title) {  // no description: the control's tooltip
        handles[i].setAttribute("aria-label", widget.title);
      }
    }
  }
  function start() {
    nameHandles(document);
    new MutationObserver(function (changes) {
      for (var i = 0; i < changes.length; i++) {
        var added = changes[i].addedNodes;
        for (var j = 0; j < added.length; j++) {
          var node = added[j];
          if (node.nodeType === 1 && (node.matches(SLIDER) || node.querySelector(SLIDER))) {
            nameHandles(node.parentNode || node);
          }
        }
      }
    }).observe(document.body, {childList: true, subtree: true});
  }
  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
