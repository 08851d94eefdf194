// Measure the loaded email in its current mode; return what the render rules report.
// Elements are named by their data-nl attribute: their index among the email's elements.
// The template's classes this relies on: .column (grid columns, .gutter for spacers),
// .grid (their container) and the column-like cells named in opts.columns.
(opts) => {
    const found = [];
    // Nothing changes while measuring: each element's computed style is read once.
    const styles = new Map();
    const style = (el) => {
        if (!styles.has(el)) styles.set(el, getComputedStyle(el));
        return styles.get(el);
    };
    const vw = document.documentElement.clientWidth;
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    const id = (el) => {
        const marked = el && el.closest('[data-nl]');
        return marked ? Number(marked.getAttribute('data-nl')) : null;
    };
    const hit = (rule, el, detail) => found.push({rule, element: id(el), detail});
    const px = (s, name) => parseFloat(s.getPropertyValue(name)) || 0;
    const content = (el) => {
        const r = el.getBoundingClientRect();
        const s = style(el);
        return {
            left: r.left + px(s, 'padding-left') + px(s, 'border-left-width'),
            right: r.right - px(s, 'padding-right') - px(s, 'border-right-width'),
        };
    };
    // Hidden by itself or an ancestor (opacity 0, visibility, aria-hidden), memoised.
    const visibleChain = new Map();
    const chain = (node) => {
        if (!node || node === document || node.nodeType !== 1) return true;
        if (!visibleChain.has(node)) {
            const s = style(node);
            const own = s.visibility !== 'hidden' && parseFloat(s.opacity) !== 0 && node.getAttribute('aria-hidden') !== 'true';
            visibleChain.set(node, own && chain(node.parentElement));
        }
        return visibleChain.get(node);
    };
    const shown = (el) => el.getClientRects().length > 0 && chain(el);
    const name = (el, text) => {
        const words = (text || el.textContent || el.getAttribute('alt') || '').trim().replace(/\s+/g, ' ');
        return `<${el.tagName.toLowerCase()}>` + (words ? ` "${words.length > 40 ? words.slice(0, 39) + '…' : words}"` : '');
    };
    const column = (el) => el.parentElement && el.parentElement.closest(opts.columns);

    // Every visible run of text, with its box and the width of its longest word.
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const cache = new Map();
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const el = node.parentElement;
        if (!node.data.trim() || !el || ['STYLE', 'SCRIPT', 'TITLE'].includes(el.tagName)) continue;
        if (!cache.has(el)) cache.set(el, shown(el));
        if (!cache.get(el)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
        if (!rects.length) continue;
        // The longest word by characters; its width is measured only if the page overflows.
        let widest = '';
        let start = 0;
        for (const match of node.data.matchAll(/\S+/g)) {
            if (match[0].length > widest.length) { widest = match[0]; start = match.index; }
        }
        let width = () => {
            range.setStart(node, start);
            range.setEnd(node, start + widest.length);
            return range.getBoundingClientRect().width;
        };
        if (/^(nowrap|pre)$/.test(style(el).whiteSpace)) {
            widest = node.data.trim();
            width = () => {
                range.selectNodeContents(node);
                return range.getBoundingClientRect().width;
            };
        }
        texts.push({node, el, rects, width, widest});
    }
    const images = Array.from(document.images).filter(shown);

    // Wider than the window: name what forces the width.
    const wide = document.documentElement.scrollWidth;
    if (wide > vw + 1) {
        let culprit = null;
        let size = 0;
        for (const t of texts) {
            if (!t.rects.some((r) => r.right > vw + 1)) continue;
            const word = t.width();
            if (word > size) { culprit = [t.el, t.widest]; size = word; }
        }
        for (const img of images) {
            const r = img.getBoundingClientRect();
            if (r.right > vw + 1 && r.width > size) { culprit = [img, '']; size = r.width; }
        }
        const [el, text] = culprit || [document.body, ''];
        hit('render.overflow', el, `the email is ${wide} px wide in a ${vw} px window; ${name(el, text)} (${Math.round(size)} px) does not wrap or shrink`);
    }

    // Text and images that stick out of their column.
    for (const t of texts) {
        const box = column(t.el);
        if (!box) continue;
        const edge = content(box);
        const out = t.rects.find((r) => r.right > edge.right + 1 || r.left < edge.left - 1);
        if (out) hit('render.crossing', t.el, `${name(t.el, t.widest)} crosses its column by ${Math.round(Math.max(out.right - edge.right, edge.left - out.left))} px`);
    }
    for (const img of images) {
        const box = column(img);
        if (!box) continue;
        const edge = content(box);
        const r = img.getBoundingClientRect();
        if (r.right > edge.right + 1 || r.left < edge.left - 1) {
            hit('render.crossing', img, `${name(img)} is ${Math.round(r.width)} px wide in a ${Math.round(edge.right - edge.left)} px column`);
        }
    }

    // Space between a content image and the first text below it in its column.
    for (const img of images) {
        const r = img.getBoundingClientRect();
        const box = column(img);
        if (!box || r.height < 24) continue;
        let next = null;
        for (const t of texts) {
            if (!box.contains(t.el) || !(img.compareDocumentPosition(t.node) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
            const first = t.rects[0];
            const leading = Math.max(0, (px(style(t.el), 'line-height') - first.height) / 2);
            const line = {top: first.top - leading, left: first.left, right: first.right};
            if (line.top < r.top + r.height / 2 || line.left >= r.right || line.right <= r.left) continue;
            if (!next || line.top < next.line.top) next = {t, line};
        }
        if (next) {
            const gap = Math.round(next.line.top - r.bottom);
            if (gap < opts.minGap) hit('render.image-gap', next.t.el, `${name(next.t.el)} is ${gap} px below its image (at least ${opts.minGap} px)`);
        }
    }

    // Grid columns that start a row away from the text edge.
    for (const grid of document.querySelectorAll(opts.grid)) {
        const edge = content(grid);
        const rtl = style(grid).direction === 'rtl';
        const cells = Array.from(grid.children).filter((c) => c.matches(opts.cell) && shown(c))
            .map((c) => [c, c.getBoundingClientRect()]);
        for (const [cell, r] of cells) {
            const first = !cells.some(([, o]) => Math.abs(o.top - r.top) < 2 && (rtl ? o.right > r.right + 1 : o.left < r.left - 1));
            const off = rtl ? edge.right - r.right : r.left - edge.left;
            if (first && Math.abs(off) > 1) hit('render.column-align', cell, `a column starts ${Math.round(off)} px from the text edge`);
        }
    }

    // Contrast of every visible text against what is behind it (WCAG 2 AA).
    const rgba = (c) => { const v = (c.match(/[\d.]+/g) || []).map(Number); return v.length === 3 ? [...v, 1] : v; };
    const canvas = dark && document.querySelector('meta[name="color-scheme"][content*="dark"]') ? [18, 18, 18, 1] : [255, 255, 255, 1];
    const over = (top, below) => top.slice(0, 3).map((v, i) => v * top[3] + below[i] * (1 - top[3]));
    const backdrops = new Map();
    const backdrop = (el) => {
        if (!backdrops.has(el)) backdrops.set(el, behind(el));
        return backdrops.get(el);
    };
    const behind = (el) => {
        const layers = [];
        for (let node = el; node; node = node.parentElement) {
            const bg = rgba(style(node).backgroundColor);
            if (bg[3] > 0) layers.push(bg);
            if (bg[3] >= 1) break;
        }
        return layers.reverse().reduce((below, top) => over(top, below), canvas.slice(0, 3));
    };
    const lum = (rgb) => {
        const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const checked = new Set();
    for (const t of texts) {
        if (checked.has(t.el)) continue;
        checked.add(t.el);
        const s = style(t.el);
        const back = backdrop(t.el);
        const fore = over(rgba(s.color), back);
        const [hi, lo] = [lum(fore), lum(back)].sort((a, b) => b - a);
        const ratio = (hi + 0.05) / (lo + 0.05);
        const size = px(s, 'font-size');
        const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
        const need = large ? 3 : 4.5;
        if (ratio < need) hit('render.contrast', t.el, `${name(t.el)} has contrast ${ratio.toFixed(2)}:1 (${s.color} on rgb(${back.map(Math.round).join(', ')})), below ${need}:1`);
    }

    // Images that lose their box while they are not shown.
    if (!opts.images) {
        for (const img of images) {
            const r = img.getBoundingClientRect();
            const w = Number(img.getAttribute('width'));
            const h = Number(img.getAttribute('height'));
            if (!w || !h) hit('render.image-box', img, `${name(img)} has no width and height attributes to keep its box`);
            else if (r.height < 0.8 * r.width * h / w) hit('render.image-box', img, `${name(img)} shrinks to ${Math.round(r.width)}×${Math.round(r.height)} px while not shown`);
        }
    }

    // Buttons wider than their column, and the columns' widths for the Outlook estimate.
    for (const button of document.querySelectorAll(opts.buttons)) {
        const box = column(button);
        if (!box || !shown(button)) continue;
        const edge = content(box);
        const r = button.getBoundingClientRect();
        const right = Math.min(edge.right, vw);
        if (r.right > right + 1 || r.left < edge.left - 1) hit('render.button-width', button, `${name(button)} is ${Math.round(r.width)} px wide in a ${Math.round(right - edge.left)} px column`);
    }
    const columns = {};
    for (const n of opts.probe) {
        const el = document.querySelector(`[data-nl="${n}"]`);
        const box = el && column(el);
        if (box) { const edge = content(box); columns[n] = edge.right - edge.left; }
    }
    return {found, columns};
}
