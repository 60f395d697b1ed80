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
    IC.htmlControl = function (parent, position, cssClass, html) {
        var control = L.control({position: position});
        control.onAdd = function () {
            var div = L.DomUtil.create('div', cssClass);
            div.innerHTML = html;
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        whileOnMap(parent, function (map) { control.addTo(map); },
                   function () { control.remove(); });
        return control;
    };

    /* Tests and the benchmark wait for this attribute: every layer is on the map. */
    IC.markDrawn = function (parent, count) {
        whileOnMap(parent, function (map) {
            map.getContainer().dataset.clustersDrawn = count;
        });
    };

    /* Fit the view to a selection each time its layer group is added. */
    IC.fitView = function (parent, bounds, options) {
        whileOnMap(parent, function (map) { map.fitBounds(bounds, options); });
    };

    /* A marker from a point feature: colour, shape and a pixel offset (dx, dy)
     * that fans out the clusters sharing one town, at every zoom. */
    function pointToLayer(half) {
        return function (feature, latlng) {
            var p = feature.properties;
            var span = document.createElement('span');
            span.className = 'cm' + (p.shape === 'province' ? ' cm-province' : '');
            span.style.background = p.colour;
            return L.marker(latlng, {
                icon: L.divIcon({className: '', html: span.outerHTML,
                                 iconSize: [2 * half, 2 * half],
                                 iconAnchor: [half - p.dx, half - p.dy]}),
                keyboard: true, title: ''
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
        /* A province: its clusters on hover, outlined while the pointer is on it.
         * (Its tooltip class lets the canvas points hide it: see points.js.) */
        area: function (feature, layer) {
            layer.bindTooltip(feature.properties.tooltip, {sticky: true, className: 'ic-area-tip'});
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
