/* Many clusters drawn straight into canvas pixels, with a density view.
 *
 * The payload (mapping/maps/points.py) keeps the points in typed arrays:
 * 16-bit coordinates over a box, and codes (programme * 2 + 1 at province
 * level, sector, province) as plain arrays or runs (mapping/maps/wire.py,
 * decoded by wire.js).
 * Nothing is made per point: each view change is one pass that writes the
 * points' pixels into an ImageData, and a grid over the canvas answers hover
 * and click. Where the points would cover the map (more in view than one per
 * o.pointArea square pixels) the layer draws the payload's hexagons instead,
 * coloured by class, in a pane under the province shapes; the legend shows
 * the matching block. Points sized by a figure carry their radii (d.r, tenths
 * of a px). Every phrase (o.texts) and lookup string was escaped on the
 * server, in the reader's language.
 */
(function () {
    'use strict';
    var IC = window.IranClusterMap = window.IranClusterMap || {};
    var PAD = 0.25;        // canvas margin around the view: a short pan shows drawn points
    var CELL = 16;         // px, cells of the hover grid
    var HIT_SLOP = 2;      // px beyond a point's radius that still counts as on it
    var RIM = 0.9;         // px of white rim around a point
    var RING = 2;          // px of colour ring of a province-level point
    var HEX_ALPHA = 0.9;
    var SQRT3 = Math.sqrt(3);
    var POINT_PANE = ['clusterPoints', 450];   // above the provinces (overlayPane, 400)
    var DENSITY_PANE = ['clusterDensity', 390]; // under them: their outlines stay on top

    var typed = IC.wire.typed, column = IC.wire.column;
    function mercatorY(lat) {
        var s = Math.sin(Math.max(-85.05112878, Math.min(85.05112878, lat)) * Math.PI / 180);
        return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
    }
    function rgb(hex) {
        var v = parseInt(hex.slice(1), 16);
        return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
    }

    /* A point's pixels as (dx, dy, r, g, b, a) rows, antialiased at the edge:
     * a disc of the programme's colour with a white rim, or for a
     * province-level point a white disc in a ring of that colour. */
    function sprite(colour, atProvince, radius, dpr) {
        var c = rgb(colour), R = radius * dpr, reach = Math.ceil(R + 1), rows = [];
        var rim = (atProvince ? RING : RIM) * dpr;
        for (var dy = -reach; dy <= reach; dy++) {
            for (var dx = -reach; dx <= reach; dx++) {
                var d = Math.sqrt(dx * dx + dy * dy);
                var cover = Math.max(0, Math.min(1, R + 0.5 - d));
                if (cover <= 0) { continue; }
                var edge = d > R - rim;
                var ink = atProvince ? (edge ? c : [255, 255, 255]) : (edge ? [255, 255, 255] : c);
                rows.push(dx, dy, ink[0], ink[1], ink[2], Math.round(cover * 255));
            }
        }
        return {rows: rows, reach: reach};
    }

    var ClusterPoints = L.Layer.extend({
        initialize: function (d, o) {
            var box = d.box;
            this._n = d.n;
            this._d = d;
            this._o = o;
            this._qx = typed(d.x, Uint16Array);
            this._qy = typed(d.y, Uint16Array);
            this._p = column(d.p);
            this._s = column(d.s);
            this._v = column(d.v);
            // Radii in tenths of a px, when markers are sized by a figure.
            this._r = d.r ? column(d.r) : null;
            this._maxRadius = this._r ? this._r.reduce(function (a, b) { return Math.max(a, b); }, 0) / 10
                : o.radius;
            // Mercator x is linear in longitude; y is looked up per 16-bit step.
            this._x0 = (box[0] + 180) / 360;
            this._dx = (box[2] - box[0]) / 65535 / 360;
            var ys = this._ys = new Float64Array(65536), step = (box[3] - box[1]) / 65535;
            for (var k = 0; k < 65536; k++) { ys[k] = mercatorY(box[1] + k * step); }
            this._levels = (d.hex || []).map(function (level, i) {
                var q = column(level.q), r = column(level.r), m = q.length;
                var size = o.hexRadius / (256 * Math.pow(2, o.hexZoom + i));
                var cx = new Float64Array(m), cy = new Float64Array(m);
                for (var j = 0; j < m; j++) {
                    var qq = q[j] + level.q0, rr = r[j] + level.r0;
                    cx[j] = size * (SQRT3 * qq + SQRT3 / 2 * rr);
                    cy[j] = size * 1.5 * rr;
                }
                return {cx: cx, cy: cy, c: column(level.c), classes: level.classes.length};
            });
            this._vis = {idx: new Int32Array(1024), x: new Float32Array(1024),
                         y: new Float32Array(1024), n: 0};
        },

        getEvents: function () {
            return {
                moveend: this._redraw, resize: this._redraw, zoomstart: this._zoomStart,
                zoomanim: this._animateZoom, zoom: this._onZoom,
                mousemove: this._hover, mouseout: this._leave, click: this._click
            };
        },

        onAdd: function (map) {
            this._points = this._canvas(map, POINT_PANE);
            // A density canvas only where the payload has hexagons.
            this._density = this._levels.length ? this._canvas(map, DENSITY_PANE) : null;
            this._tip = L.tooltip({direction: 'top', offset: [0, -this._o.radius],
                                   className: 'ic-point-tip'});
            // Drawn at the next view change: the view group that follows fits
            // the map to the selection at once; else at the next frame.
            this._frame = L.Util.requestAnimFrame(this._redraw, this);
            IC.claimClicks(map, this);
        },

        /* True when a mouse event is on one of the points (see map.js). */
        claims: function (e) { return this._hit(e.layerPoint) >= 0; },

        onRemove: function (map) {
            L.Util.cancelAnimFrame(this._frame);
            IC.releaseClicks(map, this);
            for (var c of this._canvases()) { L.DomUtil.remove(c); }
            this._tip.close();
            this._setView(null, 0);
            L.DomUtil.removeClass(this._map.getContainer(), 'ic-over-point');
        },

        _canvases: function () {
            return this._density ? [this._points, this._density] : [this._points];
        },

        _canvas: function (map, pane) {
            var el = map.getPane(pane[0]) || map.createPane(pane[0]);
            el.style.zIndex = pane[1];
            return L.DomUtil.create('canvas', 'ic-canvas leaflet-zoom-animated', el);
        },

        /* Scale the drawn canvases with Leaflet's zoom animation, as L.Renderer does. */
        _animateZoom: function (e) { this._transform(e.center, e.zoom); },
        _onZoom: function () { this._transform(this._map.getCenter(), this._map.getZoom()); },
        _zoomStart: function () { this._tip.close(); this._zooming = true; },
        _transform: function (center, zoom) {
            if (!this._center) { return; }
            var map = this._map, scale = map.getZoomScale(zoom, this._zoom);
            var half = map.getSize().multiplyBy(0.5 + PAD);
            var offset = half.multiplyBy(-scale).add(map.project(this._center, zoom))
                .subtract(map._getNewPixelOrigin(center, zoom)).round();
            for (var c of this._canvases()) { L.DomUtil.setTransform(c, offset, scale); }
        },

        _redraw: function () {
            var map = this._map;
            L.Util.cancelAnimFrame(this._frame);
            if (!map) { return; }
            this._zooming = false;
            var size = map.getSize(), pad = size.multiplyBy(PAD).round();
            var topLeft = map.containerPointToLayerPoint(pad.multiplyBy(-1)).round();
            var w = size.x + 2 * pad.x, h = size.y + 2 * pad.y;
            var dpr = window.devicePixelRatio || 1;
            this._center = map.getCenter();
            this._zoom = map.getZoom();
            this._topLeft = topLeft;
            for (var c of this._canvases()) {
                L.DomUtil.setPosition(c, topLeft);
                c.width = Math.round(w * dpr);
                c.height = Math.round(h * dpr);
                c.style.width = w + 'px';
                c.style.height = h + 'px';
            }
            var scale = 256 * Math.pow(2, this._zoom), origin = map.getPixelOrigin();
            // Canvas coordinates (CSS px) of point i: ax + bx * qx[i], ys[qy[i]] * scale - oy.
            var view = {ax: this._x0 * scale - origin.x - topLeft.x, bx: this._dx * scale,
                        scale: scale, oy: origin.y + topLeft.y, w: w, h: h, dpr: dpr,
                        ox: origin.x + topLeft.x};
            var level = Math.max(0, Math.min(this._levels.length - 1,
                                              Math.round(this._zoom - this._o.hexZoom)));
            var crowded = this._levels.length &&
                this._inView(view, pad, size) * this._o.pointArea > size.x * size.y;
            this._vis.n = 0;
            if (crowded) {
                this._drawHexagons(view, level);
            } else {
                this._drawPoints(view);
                this._index(w, h);
            }
            this._setView(crowded ? 'density' : 'points', level);
        },

        _inView: function (view, pad, size) {
            var qx = this._qx, qy = this._qy, ys = this._ys, count = 0;
            var x0 = pad.x, x1 = pad.x + size.x, y0 = pad.y, y1 = pad.y + size.y;
            for (var i = 0; i < this._n; i++) {
                var x = view.ax + view.bx * qx[i];
                if (x < x0 || x > x1) { continue; }
                var y = ys[qy[i]] * view.scale - view.oy;
                if (y >= y0 && y <= y1) { count++; }
            }
            return count;
        },

        /* The view's kind on the map container (CSS and tests read it), and
         * the legend block of the hexagon level shown. */
        _setView: function (kind, level) {
            var box = this._map.getContainer();
            L.DomUtil[kind === 'density' ? 'addClass' : 'removeClass'](box, 'ic-density');
            if (kind) {
                box.dataset.clusterView = kind;
                box.dataset.hexLevel = kind === 'density' ? level : '';
            } else {
                delete box.dataset.clusterView;
                delete box.dataset.hexLevel;
            }
            box.querySelectorAll('.legend-density').forEach(function (el) {
                el.style.display = kind === 'density' && +el.dataset.level === level ? 'block' : '';
            });
        },

        _drawHexagons: function (view, level) {
            var hex = this._levels[level], ctx = this._density.getContext('2d');
            var colours = this._o.densityColours, offset = colours.length - hex.classes;
            var R = this._o.hexRadius * Math.pow(2, this._zoom - this._o.hexZoom - level);
            var corners = [];
            for (var k = 0; k < 6; k++) {
                var a = Math.PI / 180 * (60 * k - 30);
                corners.push(R * Math.cos(a), R * Math.sin(a));
            }
            ctx.setTransform(view.dpr, 0, 0, view.dpr, 0, 0);
            ctx.globalAlpha = HEX_ALPHA;
            for (var cls = 0; cls < hex.classes; cls++) {
                ctx.beginPath();
                for (var j = 0; j < hex.c.length; j++) {
                    if (hex.c[j] !== cls) { continue; }
                    var x = hex.cx[j] * view.scale - view.ox, y = hex.cy[j] * view.scale - view.oy;
                    if (x < -R || y < -R || x > view.w + R || y > view.h + R) { continue; }
                    ctx.moveTo(x + corners[0], y + corners[1]);
                    for (k = 2; k < 12; k += 2) { ctx.lineTo(x + corners[k], y + corners[k + 1]); }
                    ctx.closePath();
                }
                ctx.fillStyle = colours[offset + cls];
                ctx.fill();
            }
        },

        /* The pixels of point code p (programme * 2 + placement) at radius
         * tenths (0: the options' radius), made once per device pixel ratio. */
        _sprite: function (p, tenths, dpr) {
            if (this._spriteDpr !== dpr) { this._spriteCache = {}; this._spriteDpr = dpr; }
            var key = p * 4096 + tenths, sp = this._spriteCache[key];
            if (!sp) {
                var radius = tenths ? tenths / 10 : this._o.radius;
                sp = this._spriteCache[key] = sprite(this._d.programmes[p >> 1][1], (p & 1) === 1,
                                                     radius, dpr);
            }
            return sp;
        },

        _radius: function (i) { return this._r ? this._r[i] / 10 : this._o.radius; },

        /* One pass over the points: each one in the canvas is stamped into the
         * pixels (later points over earlier ones) and listed for the grid. */
        _drawPoints: function (view) {
            var ctx = this._points.getContext('2d'), W = this._points.width, H = this._points.height;
            var img = ctx.createImageData(W, H), px = img.data;
            var reach = this._maxRadius + 1, radii = this._r;
            var qx = this._qx, qy = this._qy, ys = this._ys, p = this._p;
            for (var i = 0; i < this._n; i++) {
                var x = view.ax + view.bx * qx[i];
                if (x < -reach || x > view.w + reach) { continue; }
                var y = ys[qy[i]] * view.scale - view.oy;
                if (y < -reach || y > view.h + reach) { continue; }
                this._list(i, x, y);
                var sp = this._sprite(p[i], radii ? radii[i] : 0, view.dpr), rows = sp.rows;
                var cx = Math.round(x * view.dpr), cy = Math.round(y * view.dpr);
                var inside = cx >= sp.reach && cy >= sp.reach && cx < W - sp.reach && cy < H - sp.reach;
                for (var r = 0; r < rows.length; r += 6) {
                    var X = cx + rows[r], Y = cy + rows[r + 1];
                    if (!inside && (X < 0 || Y < 0 || X >= W || Y >= H)) { continue; }
                    var at = (Y * W + X) * 4, a = rows[r + 5], under = px[at + 3];
                    if (a === 255 || under === 0) {
                        px[at] = rows[r + 2]; px[at + 1] = rows[r + 3]; px[at + 2] = rows[r + 4];
                        px[at + 3] = a;
                    } else {
                        // Antialiased edge over an earlier point: "source over".
                        var sa = a / 255, t = under / 255 * (1 - sa), out = sa + t;
                        px[at] = (rows[r + 2] * sa + px[at] * t) / out;
                        px[at + 1] = (rows[r + 3] * sa + px[at + 1] * t) / out;
                        px[at + 2] = (rows[r + 4] * sa + px[at + 2] * t) / out;
                        px[at + 3] = out * 255;
                    }
                }
            }
            ctx.putImageData(img, 0, 0);
        },

        _list: function (i, x, y) {
            var vis = this._vis;
            if (vis.n === vis.idx.length) {
                var grow = function (a) { var b = new a.constructor(a.length * 2); b.set(a); return b; };
                vis.idx = grow(vis.idx); vis.x = grow(vis.x); vis.y = grow(vis.y);
            }
            vis.idx[vis.n] = i; vis.x[vis.n] = x; vis.y[vis.n] = y;
            vis.n++;
        },

        /* A grid of CELL-px cells over the canvas, each listing its points in
         * drawing order (a counting sort of the listed points). */
        _index: function (w, h) {
            var vis = this._vis, gw = Math.ceil(w / CELL) + 2, gh = Math.ceil(h / CELL) + 2;
            var start = new Int32Array(gw * gh + 1), items = new Int32Array(vis.n);
            var cell = new Int32Array(vis.n), j;
            for (j = 0; j < vis.n; j++) {
                var gx = Math.max(0, Math.min(gw - 1, Math.floor(vis.x[j] / CELL) + 1));
                var gy = Math.max(0, Math.min(gh - 1, Math.floor(vis.y[j] / CELL) + 1));
                cell[j] = gy * gw + gx;
                start[cell[j] + 1]++;
            }
            for (j = 1; j < start.length; j++) { start[j] += start[j - 1]; }
            var fill = start.slice(0, -1);
            for (j = 0; j < vis.n; j++) { items[fill[cell[j]]++] = j; }
            this._grid = {gw: gw, gh: gh, start: start, items: items};
        },

        /* The cluster under a layer point: the one whose edge is farthest
         * beyond the pointer (the nearest, for points of one size), the one
         * drawn last (on top) among equals; -1 if none. */
        _hit: function (layerPoint) {
            var grid = this._grid, vis = this._vis;
            if (!grid || !vis.n || this._zooming) { return -1; }
            var x = layerPoint.x - this._topLeft.x, y = layerPoint.y - this._topLeft.y;
            var gx = Math.floor(x / CELL) + 1, gy = Math.floor(y / CELL) + 1;
            var best = -1, bestScore = HIT_SLOP;
            for (var cy = gy - 1; cy <= gy + 1; cy++) {
                for (var cx = gx - 1; cx <= gx + 1; cx++) {
                    if (cx < 0 || cy < 0 || cx >= grid.gw || cy >= grid.gh) { continue; }
                    var c = cy * grid.gw + cx;
                    for (var k = grid.start[c]; k < grid.start[c + 1]; k++) {
                        var j = grid.items[k], dx = vis.x[j] - x, dy = vis.y[j] - y;
                        // How far the pointer is outside the point (negative: inside).
                        var score = Math.sqrt(dx * dx + dy * dy) - this._radius(vis.idx[j]);
                        if (score < bestScore || (score === bestScore && j > best)) {
                            best = j; bestScore = score;
                        }
                    }
                }
            }
            return best < 0 ? -1 : best;
        },

        _latLng: function (j) {
            var vis = this._vis;
            return this._map.layerPointToLatLng([vis.x[j] + this._topLeft.x,
                                                 vis.y[j] + this._topLeft.y]);
        },

        /* Name (when sent), sector · programme, province, and the province-level flag. */
        describe: function (i) {
            var d = this._d, code = this._p[i], texts = this._o.texts;
            var head = d.names ? '<b>' + d.names[i] + '</b><br>' : '';
            return head + d.sectors[this._s[i]] + ' · ' + d.programmes[code >> 1][0] +
                '<br><span class="muted">' + d.provinces[this._v[i]] +
                ((code & 1) ? ' ' + texts.provinceOnly : '') + '</span>';
        },

        _hover: function (e) {
            var j = this._hit(e.layerPoint), box = this._map.getContainer();
            if (j < 0) { this._leave(); return; }
            L.DomUtil.addClass(box, 'ic-over-point');
            if (this._tipFor !== j) {
                this._tipFor = j;
                this._tip.setLatLng(this._latLng(j)).setContent(this.describe(this._vis.idx[j]));
            }
            if (!this._map.hasLayer(this._tip)) { this._tip.openOn(this._map); }
        },

        _leave: function () {
            this._tipFor = -1;
            this._tip.close();
            if (this._map) { L.DomUtil.removeClass(this._map.getContainer(), 'ic-over-point'); }
        },

        _click: function (e) {
            var j = this._hit(e.layerPoint);
            if (j < 0) { return; }
            this._leave();
            L.popup({maxWidth: 320}).setLatLng(this._latLng(j))
                .setContent(this.describe(this._vis.idx[j]) + '<br><i>' +
                            this._o.texts.findInTable + '</i>')
                .openOn(this._map);
        }
    });

    IC.clusterPoints = function (parent, d, o) {
        var layer = new ClusterPoints(d, o);
        parent.addLayer(layer);
        return layer;
    };
})();
