/* The browser side of the maps built by mapping/maps (Python).
 *
 * Loaded after Leaflet by every map. Python templates only call the
 * functions below with JSON arguments. Every string that reaches HTML here
 * (tooltips, popups, legend, lookup tables) was escaped on the server.
 */
(function () {
    'use strict';
    var IC = window.IranClusterMap = {};

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
    IC.htmlControl = function (map, position, cssClass, html, lang) {
        var control = L.control({position: position});
        control.onAdd = function () {
            var div = L.DomUtil.create('div', cssClass);
            div.lang = lang || 'en';
            div.dir = lang === 'fa' ? 'rtl' : 'ltr';
            div.innerHTML = html;
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        control.addTo(map);
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
    IC.markDrawn = function (map, count) {
        map.getContainer().dataset.clustersDrawn = count;
    };

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

    var BIND = {
        /* A cluster or case study: summary on hover, profile on click. */
        point: function (feature, layer) {
            layer.bindTooltip(feature.properties.tooltip, {direction: 'top', offset: [0, -8]});
            layer.bindPopup(feature.properties.profile,
                {maxWidth: 400, maxHeight: 320, autoPanPadding: [16, 16]});
        },
        /* A province: its clusters on hover, outlined while the pointer is on it. */
        area: function (feature, layer) {
            layer.bindTooltip(feature.properties.tooltip, {sticky: true});
            if (feature.properties.popup) { layer.bindPopup(feature.properties.popup); }
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

    /* A GeoJSON layer whose features carry their own style and texts. */
    IC.featureLayer = function (map, data, options) {
        var layer = L.geoJson(null, {
            pointToLayer: options.points ? pointToLayer(options.half) : undefined,
            onEachFeature: BIND[options.bind],
            style: function (feature) { return feature.properties.style; }
        });
        layer.addData(data);
        layer.addTo(map);
        return layer;
    };

    /* Many clusters as canvas circle markers, built from compact arrays:
     * d.lat / d.lon (integers, divided by o.scale), d.p (programme index, plus
     * o.flag for a province-level point), d.s and d.v (sector and province
     * indexes), lookup tables d.programmes ([label, colour]), d.sectors,
     * d.provinces, and d.names (or null). o.texts holds translated phrases. */
    IC.compactPoints = function (map, d, o) {
        // Its own pane above the province shapes (overlayPane, z 400) and
        // below markers and tooltips (z 600+), whatever order layers load in.
        var pane = map.getPane('clusterPoints') || map.createPane('clusterPoints');
        pane.style.zIndex = 450;
        var renderer = L.canvas({padding: 0.3, pane: 'clusterPoints'});
        var group = L.featureGroup();
        for (var i = 0; i < d.lat.length; i++) {
            var code = d.p[i], province = code >= o.flag;
            var colour = d.programmes[code % o.flag][1];
            L.circleMarker([d.lat[i] / o.scale, d.lon[i] / o.scale], {
                renderer: renderer, radius: d.r ? d.r[i] / 10 : o.radius, idx: i,
                color: province ? colour : '#ffffff', weight: province ? 2 : 0.8,
                fillColor: province ? '#ffffff' : colour, fillOpacity: 0.9
            }).addTo(group);
        }
        function describe(i) {
            var code = d.p[i], province = code >= o.flag;
            var head = d.names ? '<b>' + d.names[i] + '</b><br>' : '';
            return head + d.sectors[d.s[i]] + ' · ' + d.programmes[code % o.flag][0]
                + '<br><span class="muted">' + d.provinces[d.v[i]]
                + (province ? ' ' + o.texts.provinceOnly : '') + '</span>';
        }
        group.on('mouseover', function (e) {
            if (!e.layer.getTooltip()) {
                e.layer.bindTooltip(describe(e.layer.options.idx), {direction: 'top'});
            }
            e.layer.openTooltip();
        });
        group.on('click', function (e) {
            L.popup({maxWidth: 320}).setLatLng(e.latlng)
                .setContent(describe(e.layer.options.idx) + '<br><i>' + o.texts.findInTable + '</i>')
                .openOn(map);
        });
        group.addTo(map);
        return group;
    };
})();
