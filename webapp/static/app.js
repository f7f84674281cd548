// Verbatim: progressive enhancements only. Every page works without this file, except copying to
// the clipboard. No inline script anywhere (the Content-Security-Policy forbids it).
(function () {
  "use strict";

  var FORMAT_KEY = "verbatim-citation-format";
  var FORMAT_LABELS = { text: "Plain text", markdown: "Markdown", bibtex: "BibTeX", ris: "RIS", csl: "CSL-JSON" };

  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  function chosenFormat() {
    var select = document.getElementById("cite-format");
    if (select) return select.value;
    try { return localStorage.getItem(FORMAT_KEY) || "text"; } catch (e) { return "text"; }
  }

  // With a format chosen, each "Citation formats" panel shows that format only (a button shows all).
  function showChosenFormat(format) {
    $all(".formats").forEach(function (box) {
      if (box.getAttribute("data-all") === "yes") return;
      box.classList.add("one-format");
      $all(".format[data-key]", box).forEach(function (block) {
        block.classList.toggle("chosen", block.getAttribute("data-key") === format);
      });
      if (!box.querySelector(".show-all")) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-quiet show-all";
        button.textContent = "Show every format";
        button.addEventListener("click", function () {
          box.setAttribute("data-all", "yes");
          box.classList.remove("one-format");
          button.hidden = true;
        });
        box.appendChild(button);
      }
    });
  }

  function setupFormatChoice() {
    var select = document.getElementById("cite-format");
    if (!select) return;
    try { select.value = localStorage.getItem(FORMAT_KEY) || "text"; } catch (e) { /* private mode */ }
    showChosenFormat(select.value);
    select.addEventListener("change", function () {
      try { localStorage.setItem(FORMAT_KEY, select.value); } catch (e) { /* private mode */ }
      showChosenFormat(select.value);
    });
  }

  function say(bar, message) {
    var status = bar.querySelector(".copy-status");
    if (!status) return;
    status.textContent = message;
    clearTimeout(status._timer);
    status._timer = setTimeout(function () { status.textContent = ""; }, 4000);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  function citationText(root, format) {
    var pre = root.querySelector('pre[data-format="' + format + '"]');
    return pre ? pre.textContent : null;
  }

  function copyCitation(bar, root, format, what) {
    var text = citationText(root, format);
    if (text === null) { say(bar, "No citation in that format"); return; }
    copyText(text).then(
      function () { say(bar, what + " copied (" + FORMAT_LABELS[format] + ")"); },
      function () { say(bar, "Could not copy: open “Citation formats” and copy by hand"); }
    );
  }

  // Offsets of a selection inside a passage element, counting only the passage's own text
  // (speaker labels carry data-nocopy and are left out).
  function ownText(range) {
    var fragment = range.cloneContents();
    $all("[data-nocopy]", fragment).forEach(function (el) { el.parentNode.removeChild(el); });
    return fragment.textContent;
  }

  // From the container's start to a point; a point outside it counts as its start (or its end).
  function rangeTo(container, node, offset, outsideIsEnd) {
    var range = document.createRange();
    range.selectNodeContents(container);
    if (container.contains(node)) {
      range.setEnd(node, offset);
    } else if (!outsideIsEnd) {
      range.collapse(true);
    }
    return range;
  }

  function selectionOffsets(container) {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    if (!container.contains(range.commonAncestorContainer) && !range.intersectsNode(container)) return null;
    var text = ownText(rangeTo(container, container, container.childNodes.length, true));
    var start = ownText(rangeTo(container, range.startContainer, range.startOffset, false)).length;
    var end = ownText(rangeTo(container, range.endContainer, range.endOffset, true)).length;
    while (start < end && /\s/.test(text.charAt(start))) start++;
    while (end > start && /\s/.test(text.charAt(end - 1))) end--;
    if (end <= start) return null;
    return { start: start, end: end };
  }

  // The page's text has LF where the source has CR LF (HTML parsing folds them): map back.
  function toSource(offset, crlf) {
    var source = offset;
    for (var i = 0; i < crlf.length && crlf[i] < source; i++) source++;
    return source;
  }

  function renderSelectionCitation(box, data) {
    box.textContent = "";
    var heading = document.createElement("h4");
    heading.textContent = "Selection: “" + data.text + "” — " +
      (data.signed_by === "speaker" ? "the speaker's own words" : "the publisher's text");
    box.appendChild(heading);
    ["text", "markdown", "bibtex", "ris", "csl"].forEach(function (key) {
      var pre = document.createElement("pre");
      pre.setAttribute("data-format", key);
      pre.setAttribute("tabindex", "0");
      pre.setAttribute("aria-label", FORMAT_LABELS[key] + " citation of the selection");
      pre.textContent = key === "csl" ? JSON.stringify([data.citation.csl], null, 2) : data.citation[key];
      pre.hidden = key !== chosenFormat();
      box.appendChild(pre);
    });
    if (data.citation.fragment_url) {
      var p = document.createElement("p");
      var a = document.createElement("a");
      a.href = data.citation.fragment_url;
      a.rel = "noopener noreferrer nofollow";
      a.textContent = "Open the source at this selection";
      p.appendChild(a);
      box.appendChild(p);
    }
    box.hidden = false;
  }

  function citeSelection(bar) {
    var id = bar.getAttribute("data-passage");
    var article = bar.closest(".result") || document;
    var container = article.querySelector('.passage-text[data-passage="' + id + '"]');
    var offsets = container && selectionOffsets(container);
    if (!offsets) {  // the keyboard's way: type the words to cite
      var details = bar.querySelector(".cite-details");
      if (details) details.open = true;
      loadFormats(bar).then(function () {
        var input = bar.querySelector(".cite-words input");
        if (input) input.focus();
        say(bar, "Select part of the passage text, or type the words to cite");
      });
      return;
    }
    var base = parseInt(container.getAttribute("data-start"), 10);
    var crlf = (container.getAttribute("data-crlf") || "").split(",").filter(Boolean).map(Number);
    var url = document.body.getAttribute("data-cite-url") + "?passage=" + encodeURIComponent(id) +
      "&start=" + (base + toSource(offsets.start, crlf)) + "&end=" + (base + toSource(offsets.end, crlf));
    var format = chosenFormat();
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
          return body;
        });
      })
      .then(function (data) {
        var box = bar.querySelector(".selection-cite");
        renderSelectionCitation(box, data);
        bar.querySelector(".cite-details").open = true;
        copyCitation(bar, box, format, "Selection citation");
      })
      .catch(function (error) { say(bar, "Could not cite the selection: " + error.message); });
  }

  // A result's citation formats are fetched when first wanted (opening "Citation formats", or a copy
  // button): an HTML fragment from the server, rendered by the same template as the passage page.
  function loadFormats(bar) {
    var lazy = bar.querySelector(".lazy-formats");
    if (!lazy) return Promise.resolve();
    if (!lazy._loading) {
      lazy._loading = fetch(lazy.getAttribute("data-src"), { headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.statusText);
          return response.text();
        })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          while (holder.firstChild) lazy.parentNode.insertBefore(holder.firstChild, lazy);
          lazy.parentNode.removeChild(lazy);
          var select = document.getElementById("cite-format");
          if (select) showChosenFormat(select.value);
        });
      lazy._loading.catch(function () { lazy._loading = null; });
    }
    return lazy._loading;
  }

  function setupCiteBars() {
    $all(".cite-bar").forEach(function (bar) {
      var copy = bar.querySelector(".copy-cite");
      var select = bar.querySelector(".cite-selection");
      var details = bar.querySelector(".cite-details");
      var failed = function (error) { say(bar, "Could not load the citation: " + error.message); };
      if (details) details.addEventListener("toggle", function () {
        if (details.open) loadFormats(bar).catch(failed);
      });
      if (copy) copy.addEventListener("click", function () {
        loadFormats(bar).then(function () {
          copyCitation(bar, bar.querySelector(".cite-details > .formats"), chosenFormat(), "Citation");
        }, failed);
      });
      $all(".copy-quote", bar).forEach(function (button) {
        button.addEventListener("click", function () {
          loadFormats(bar).then(function () {
            var box = bar.querySelector('.quote-cite[data-quote="' + button.getAttribute("data-quote") + '"]');
            copyCitation(bar, box, chosenFormat(), "Quotation");
          }, failed);
        });
      });
      if (select) {
        // Remember the selection on mousedown: some browsers clear it when the button takes focus.
        select.addEventListener("mousedown", function (event) { event.preventDefault(); });
        select.addEventListener("click", function () { citeSelection(bar); });
      }
    });
  }

  function addFilter(list, label) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = list.classList.contains("facet-list") ? "facet-filter" : "list-filter";
    input.placeholder = label;
    input.setAttribute("aria-label", label);
    list.parentNode.insertBefore(input, list);
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLocaleLowerCase();
      $all(":scope > li", list).forEach(function (item) {
        item.hidden = needle !== "" && item.textContent.toLocaleLowerCase().indexOf(needle) === -1;
      });
    });
  }

  function setupFilters() {
    $all("ul[data-filterable]").forEach(function (list) {
      var facet = list.getAttribute("data-facet");
      addFilter(list, list.getAttribute("data-filter-label") || ("Filter " + (facet || "values")));
    });
  }

  // The query help is a popover: Escape or a click elsewhere closes it.
  function setupHelpPopover() {
    var help = document.querySelector(".query-help");
    if (!help) return;
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && help.open) {
        help.open = false;
        help.querySelector("summary").focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (help.open && !help.contains(event.target)) help.open = false;
    });
  }

  // A long document shows a page at a time: an old link to #p-ID that is not on this page asks the
  // server for the page that holds it.
  function findPassageAnchor() {
    var body = document.querySelector('.document-body[data-windowed="yes"]');
    var hash = window.location.hash;
    if (!body || hash.indexOf("#p-") !== 0) return;
    var id = decodeURIComponent(hash.slice(3));
    if (document.getElementById("p-" + id)) return;
    window.location.replace(window.location.pathname + "?passage=" + encodeURIComponent(id));
  }

  // "Copy all citations on this page": the page's JSON twin holds every result's citations.
  function setupCopyAll() {
    $all(".copy-all").forEach(function (button) {
      var status = button.parentNode.querySelector(".copy-all-status");
      function tell(message) { if (status) status.textContent = message; }
      button.addEventListener("click", function () {
        var format = chosenFormat();
        fetch(button.getAttribute("data-url"), { headers: { Accept: "application/json" } })
          .then(function (response) {
            if (!response.ok) throw new Error(response.statusText);
            return response.json();
          })
          .then(function (data) {
            var results = data.results || [];
            var text = format === "csl"
              ? JSON.stringify(results.map(function (p) { return p.citation.csl; }), null, 2)
              : results.map(function (p) { return p.citation[format]; }).join("\n\n");
            return copyText(text).then(function () {
              tell(results.length + " citations copied (" + FORMAT_LABELS[format] + ")");
            });
          })
          .catch(function (error) { tell("Could not copy the citations: " + error.message); });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    $all("[data-js]").forEach(function (el) { el.hidden = false; });
    setupFormatChoice();
    setupCiteBars();
    setupCopyAll();
    setupFilters();
    setupHelpPopover();
    findPassageAnchor();
  });
})();
