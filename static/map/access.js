/* Keyboard, screen reader and small-screen access to our Leaflet maps.
 *
 * IranClusterMap.accessible(map, texts) makes the map one stop in the tab
 * order, with keys to move through its markers:
 *   N or ]  next marker      P or [  previous marker
 *   Enter   open the marker's profile (focus moves into it)
 *   Escape  close it (focus returns to the map)
 *   arrows  pan (Leaflet)    + and -  zoom (Leaflet)    L  the layer list
 * Every marker and shape gets an accessible name in the page's language,
 * taken from its own tooltip (built and escaped in Python). On narrow maps
 * the legend folds behind a button and popups fit inside the map.
 * Every phrase comes from Python, in `texts`, and is used as text, never as HTML.
 */
(function () {
    'use strict';
    var IC = window.IranClusterMap = window.IranClusterMap || {};
    var NARROW_PX = 560;  // below this the legend folds away
    var POPUP_MARGIN_PX = 48;

    /* The tooltip's text as a name: without its list of cluster names. */
    function nameOf(layer) {
        var tip = layer.getTooltip && layer.getTooltip();
        if (!tip) { return ''; }
        var content = tip.getContent();
        var box = document.createElement('div');
        if (typeof content === 'string') { box.innerHTML = content; } else if (content) {
            box.appendChild(content.cloneNode(true));
        }
        box.querySelectorAll('ul').forEach(function (ul) { ul.remove(); });
        box.querySelectorAll('br').forEach(function (br) { br.replaceWith(', '); });
        return box.textContent.replace(/\s+/g, ' ').replace(/(, )+/g, ', ').trim();
    }

    function nameElement(layer) {
        var el = layer.getElement && layer.getElement();
        var name = nameOf(layer);
        if (!el || !name) { return; }
        el.setAttribute('role', 'img');
        el.setAttribute('aria-label', name);
        el.setAttribute('tabindex', '-1');
        el.removeAttribute('title');
    }

    function outOfTabOrder(root) {
        root.querySelectorAll('a[href], button, input').forEach(function (el) {
            el.setAttribute('tabindex', '-1');
        });
    }

    IC.accessible = function (map, texts) {
        var container = map.getContainer();
        var markers = [];
        var current = -1;

        // A narrow map keeps no room for the legend (it folds away): fits use
        // a small even padding instead of the legend's width.
        var fitBounds = map.fitBounds;
        map.fitBounds = function (bounds, options) {
            if (container.clientWidth < NARROW_PX) {
                options = L.extend({}, options, {paddingTopLeft: [8, 8], paddingBottomRight: [8, 8]});
            }
            return fitBounds.call(this, bounds, options);
        };

        container.setAttribute('role', 'region');
        container.setAttribute('aria-roledescription', texts.roleDescription);
        container.setAttribute('aria-label', texts.label);
        var help = L.DomUtil.create('p', 'ic-visually-hidden', container);
        help.id = 'ic-keys-' + L.stamp(map);
        help.textContent = texts.keys;
        container.setAttribute('aria-describedby', help.id);
        var live = L.DomUtil.create('div', 'ic-visually-hidden', container);
        live.setAttribute('aria-live', 'polite');

        function track(layer) {
            if (layer instanceof L.Marker && layer.feature) {
                markers.push(layer);
            }
            if ((layer instanceof L.Marker || layer instanceof L.Path) && layer.feature) {
                // The tooltip is bound just after the layer is added.
                setTimeout(function () { nameElement(layer); }, 0);
            }
        }
        map.eachLayer(track);
        map.on('layeradd', function (e) {
            track(e.layer);
            setTimeout(function () {  // a legend or control added later
                foldLegend(container, texts);
                controlsOutOfTabOrder();
            }, 0);
        });
        map.on('layerremove', function (e) {
            var i = markers.indexOf(e.layer);
            if (i >= 0) { markers.splice(i, 1); current = Math.min(current, markers.length - 1); }
        });

        // Zoom and layer buttons: reached by keys, not by Tab (the map is one stop).
        // (Again once the script that adds the layer list has run.)
        function controlsOutOfTabOrder() { outOfTabOrder(map._controlContainer); }
        map.whenReady(function () { setTimeout(controlsOutOfTabOrder, 0); });

        function show(step) {
            if (!markers.length) { live.textContent = texts.noMarkers; return; }
            current = (current + step + markers.length) % markers.length;
            var marker = markers[current];
            map.closePopup();
            if (!map.getBounds().contains(marker.getLatLng())) { map.panTo(marker.getLatLng()); }
            markers.forEach(function (m) { m.closeTooltip && m.closeTooltip(); });
            marker.openTooltip();
            live.textContent = (current + 1) + ' / ' + markers.length + ': ' + nameOf(marker);
        }

        container.addEventListener('keydown', function (e) {
            if (e.altKey || e.ctrlKey || e.metaKey) { return; }
            // Looked up now: the layer list is added after this script runs.
            var layersControl = container.querySelector('.leaflet-control-layers');
            var inPopup = e.target.closest && e.target.closest('.leaflet-popup');
            var inLayers = e.target.closest && e.target.closest('.leaflet-control-layers');
            if (e.key === 'Escape') {
                map.closePopup();
                if (layersControl) { L.DomUtil.removeClass(layersControl, 'leaflet-control-layers-expanded'); }
                if (layersControl) { outOfTabOrder(layersControl); }
                container.focus({preventScroll: true});
                return;
            }
            if (inPopup || inLayers) { return; }
            // Physical keys (e.code), so N, P and L work with a Persian layout too.
            if (e.code === 'KeyN' || e.code === 'BracketRight') {
                show(1); e.preventDefault();
            } else if (e.code === 'KeyP' || e.code === 'BracketLeft') {
                show(-1); e.preventDefault();
            } else if (e.key === 'Enter' && current >= 0 && markers[current]) {
                markers[current].openPopup(); e.preventDefault();
            } else if (e.code === 'KeyL' && layersControl) {
                L.DomUtil.addClass(layersControl, 'leaflet-control-layers-expanded');
                var inputs = layersControl.querySelectorAll('input');
                inputs.forEach(function (el) { el.setAttribute('tabindex', '0'); });
                if (inputs.length) { inputs[0].focus(); }
                e.preventDefault();
            }
        });

        map.on('popupopen', function (e) {
            var popup = e.popup;
            var fit = Math.max(160, container.clientWidth - POPUP_MARGIN_PX);
            if (popup.options.maxWidth > fit) {
                popup.options.maxWidth = fit;
                popup.options.minWidth = Math.min(popup.options.minWidth || 50, fit);
                popup.update();
            }
            var content = popup.getElement() && popup.getElement().querySelector('.leaflet-popup-content');
            if (content && document.activeElement && container.contains(document.activeElement)) {
                content.setAttribute('tabindex', '-1');
                content.focus({preventScroll: true});
            }
            var close = popup.getElement() && popup.getElement().querySelector('.leaflet-popup-close-button');
            if (close) { close.setAttribute('aria-label', texts.close); close.removeAttribute('role'); }
        });
        map.on('popupclose', function () {
            if (document.activeElement && container.contains(document.activeElement)) {
                container.focus({preventScroll: true});
            }
        });

        map.whenReady(function () { foldLegend(container, texts); });
    };

    /* On a narrow map the legend folds behind a button. */
    function foldLegend(container, texts) {
        var legend = container.querySelector('.map-legend');
        if (!legend || container.clientWidth >= NARROW_PX || legend.dataset.folds) { return; }
        legend.dataset.folds = '1';
        var body = L.DomUtil.create('div', 'legend-body');
        while (legend.firstChild) { body.appendChild(legend.firstChild); }
        var button = L.DomUtil.create('button', 'legend-toggle', legend);
        button.type = 'button';
        button.textContent = texts.legend;
        button.setAttribute('aria-expanded', 'false');
        legend.appendChild(body);
        L.DomUtil.addClass(legend, 'folded');
        button.addEventListener('click', function () {
            var open = L.DomUtil.hasClass(legend, 'folded');
            (open ? L.DomUtil.removeClass : L.DomUtil.addClass)(legend, 'folded');
            button.setAttribute('aria-expanded', open ? 'true' : 'false');
        });
    }
    IC.foldLegend = foldLegend;
})();
