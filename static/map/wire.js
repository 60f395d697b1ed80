/* The compact wire format of many points, decoded (mapping/maps/wire.py
 * writes it): little-endian typed arrays in base64, and columns of small
 * codes sent as one value per item or as runs of (value, length).
 */
(function () {
    'use strict';
    var IC = window.IranClusterMap = window.IranClusterMap || {};
    var WIDTH = {1: Uint8Array, 2: Uint16Array, 4: Uint32Array};

    function bytes(b64) {
        if (Uint8Array.fromBase64) { return Uint8Array.fromBase64(b64); }
        var text = atob(b64), out = new Uint8Array(text.length);
        for (var i = 0; i < text.length; i++) { out[i] = text.charCodeAt(i); }
        return out;
    }

    /* A typed array of Type over the bytes of a base64 text. */
    function typed(b64, Type) {
        var b = bytes(b64);
        return new Type(b.buffer, b.byteOffset, b.byteLength / Type.BYTES_PER_ELEMENT);
    }

    /* A wire column: one value per item, or runs of (value, length). */
    function column(c) {
        var values = typed(c.v, WIDTH[c.w]);
        if (!c.n) { return values; }
        var runs = typed(c.n, Uint32Array), total = 0, k = 0, r;
        for (r = 0; r < runs.length; r++) { total += runs[r]; }
        var out = new WIDTH[c.w](total);
        for (r = 0; r < runs.length; r++) { out.fill(values[r], k, k + runs[r]); k += runs[r]; }
        return out;
    }

    IC.wire = {typed: typed, column: column};
})();
