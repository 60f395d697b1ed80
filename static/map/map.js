/* The browser side of the maps built by mapping/maps (Python).
 *
 * Loaded after Leaflet by every map. Python templates only call the
 * functions below with JSON arguments. Every string that reaches HTML here
 * (tooltips, popups, legend, lookup tables) was escaped on the server.
 */
(function () {
    'use strict';
    var IC = window.IranClusterMap = window.IranClusterMap || {};

    /* Something to do when a layer group reaches the map, and to undo when it
     * leaves: the map's overlays are layer groups that a filter change
     * replaces in place (streamlit-folium's dynamic layer groups). The parent
     * is that group, or the map itself. */
    function whileOnMap(parent, onAdd, onRemove) {
        var Hook = L.Layer.extend({
            onAdd: function (map) { onAdd(map); },
            onRemove: function (map) { if (onRemove) { onRemove(map); } }
        });
        var hook = new Hook();
        parent.addLayer(hook);
        return hook;
    }
    IC.whileOnMap = whileOnMap;

    /* Leaflet focuses the map container on mousedown (for keyboard panning).
     * Inside Streamlit's component iframe that focus scrolls the *parent* page
     * to reveal the map, so the mouseup lands somewhere else and a click on a
     * marker is lost. Focusing with preventScroll keeps keyboard support. */
    IC.focusWithoutScroll = function (map) {
        var container = map.getContainer();
        var focus = container.focus.bind(container);
        container.focus = function (options) {
            focus(Object.assign({preventScroll: true}, options || {}));
        };
    };

    /* A control holding HTML built on the server from escaped text. */
    IC.htmlControl = function (parent, position, cssClass, html, lang) {
        var control = L.control({position: position});
        control.onAdd = function () {
            var div = L.DomUtil.create('div', cssClass);
            div.lang = lang || 'en';
            div.dir = lang === 'fa' ? 'rtl' : 'ltr';
            div.innerHTML = html;
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        whileOnMap(parent, function (map) { control.addTo(map); },
                   function () { control.remove(); });
        return control;
    };

    var PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
    function persianDigits(text) {
        return String(text).replace(/[0-9]/g, function (d) { return PERSIAN_DIGITS[d]; });
    }

    /* The map's language: lang and dir on its container (popups, tooltips and
     * legends read right to left in Persian), and the scale bar in Persian
     * digits and units. */
    IC.setLanguage = function (map, lang) {
        var container = map.getContainer();
        container.lang = lang;
        container.dir = lang === 'fa' ? 'rtl' : 'ltr';
        container.classList.add('lang-' + lang);
        if (lang !== 'fa') { return; }
        var units = {' km': ' کیلومتر', ' m': ' متر', ' mi': ' مایل', ' ft': ' فوت'};
        var update = L.Control.Scale.prototype._updateScale;
        L.Control.Scale.prototype._updateScale = function (scale, text, ratio) {
            update.call(this, scale, text, ratio);
            var label = scale.innerHTML;
            Object.keys(units).forEach(function (u) {
                if (label.slice(-u.length) === u) { label = label.slice(0, -u.length) + units[u]; }
            });
            scale.innerHTML = persianDigits(label);
        };
        // The scale bar was drawn before this ran: draw it again in Persian.
        map.whenReady(function () { map.fire('move'); });
    };

    /* Tests and the benchmark wait for this attribute: every layer is on the map. */
    IC.markDrawn = function (parent, count) {
        whileOnMap(parent, function (map) {
            map.getContainer().dataset.clustersDrawn = count;
        });
    };

    /* Fit the view to a selection each time its layer group is added. */
    IC.fitView = function (parent, bounds, options) {
        whileOnMap(parent, function (map) { map.fitBounds(bounds, narrowFit(map, options)); });
    };

    /* The padding keeps the fitted view clear of the legend, at its side. On a
     * map too narrow for that (a phone), the view would shrink to a sliver:
     * keep it clear of the legend's height at the bottom instead; and where
     * even that leaves too little room (a map not laid out yet), only a margin. */
    var FIT_ROOM_PX = 120;
    function narrowFit(map, options) {
        var size = map.getSize(), legend = map.getContainer().querySelector('.map-legend');
        var side = Math.max(options.paddingTopLeft[0], options.paddingBottomRight[0]);
        if (!legend || size.x >= 2 * side) { return options; }
        var edge = Math.min(options.paddingTopLeft[1], options.paddingBottomRight[1]);
        var below = size.y - 2 * edge - legend.offsetHeight >= FIT_ROOM_PX ? legend.offsetHeight : 0;
        return Object.assign({}, options, {paddingTopLeft: [edge, edge],
                                           paddingBottomRight: [edge, edge + below]});
    }

    /* A marker from a point feature: colour, shape and a pixel offset (dx, dy)
     * that fans out the clusters sharing one town, at every zoom. */
    function pointToLayer(half) {
        return function (feature, latlng) {
            var p = feature.properties;
            var h = p.half || half;  // a marker sized by a figure carries its own half size
            var span = document.createElement('span');
            span.className = 'cm' + (p.shape === 'province' ? ' cm-province' : '');
            span.style.background = p.colour;
            if (p.glyph) { span.dataset.glyph = p.glyph; }  // the programme's letter (access.css)
            if (p.half) { span.style.width = span.style.height = (2 * h) + 'px'; }
            return L.marker(latlng, {
                icon: L.divIcon({className: '', html: span.outerHTML,
                                 iconSize: [2 * h, 2 * h],
                                 iconAnchor: [h - p.dx, h - p.dy]}),
                // Not a tab stop of its own: the map is one, and its keys move
                // through the markers (access.js), which names each one.
                keyboard: false, title: ''
            });
        };
    }

    /* Layers with points of their own on a canvas (points.js) claim the clicks
     * on those points; the provinces under them then leave such a click alone. */
    IC.claimClicks = function (map, layer) {
        (map._icClaims = map._icClaims || []).push(layer);
    };
    IC.releaseClicks = function (map, layer) {
        map._icClaims = (map._icClaims || []).filter(function (l) { return l !== layer; });
    };
    function claimed(map, e) {
        return (map._icClaims || []).some(function (layer) { return layer.claims(e); });
    }

    var BIND = {
        /* A cluster or case study: summary on hover, profile on click. */
        point: function (feature, layer) {
            layer.bindTooltip(feature.properties.tooltip, {direction: 'top', offset: [0, -8]});
            layer.bindPopup(feature.properties.profile,
                {maxWidth: 400, maxHeight: 320, autoPanPadding: [16, 16]});
        },
        /* A province: its clusters on hover, outlined while the pointer is on it.
         * (Its tooltip class lets the canvas points hide it: see points.js.) */
        area: function (feature, layer) {
            layer.bindTooltip(feature.properties.tooltip, {sticky: true, className: 'ic-area-tip'});
            if (feature.properties.popup) {
                // Not bindPopup: it stops the click, which the canvas points
                // (points.js) take from the map; a click on a point is theirs.
                var popup = L.popup().setContent(feature.properties.popup);
                layer.on('click', function (e) {
                    if (!claimed(layer._map, e)) { popup.setLatLng(e.latlng).openOn(layer._map); }
                });
            }
            layer.on({
                mouseover: function (e) { e.target.setStyle({weight: 2.5, color: '#222'}); },
                mouseout: function (e) { e.target.setStyle(feature.properties.style); }
            });
        },
        /* A country of the world map. */
        country: function (feature, layer) {
            layer.bindTooltip(feature.properties.tooltip, {sticky: true});
        }
    };

    /* A link out of the map (a province's profile): the map lives in an iframe
     * whose sandbox may not navigate the page, so the link is followed by an
     * anchor of the app's own page (same origin) when the map can reach it;
     * otherwise its own target="_top" applies. */
    document.addEventListener('click', function (e) {
        var a = e.target.closest ? e.target.closest('a.to-top') : null;
        if (!a || window.top === window) { return; }
        try {
            var page = window.top.document, link = page.createElement('a');
            link.href = a.href;
            page.body.appendChild(link);
            link.click();
            link.remove();
            e.preventDefault();
        } catch (err) { /* another origin: leave the link to the browser */ }
    });

    /* A GeoJSON layer whose features carry their own style and texts. Its
     * paths carry the class ic-<bind>, for the density view's styles. */
    IC.featureLayer = function (parent, data, options) {
        var layer = L.geoJson(null, {
            pointToLayer: options.points ? pointToLayer(options.half) : undefined,
            onEachFeature: BIND[options.bind],
            style: function (feature) { return feature.properties.style; },
            className: 'ic-' + options.bind
        });
        layer.addData(data);
        parent.addLayer(layer);
        return layer;
    };
})();
