// Outlook.com: each element whose own inline colour (or background) it rewrites gets
// data-ogsc (data-ogsb) and a darkened colour; the email's [data-og*] rules then apply.
() => {
    const parse = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const light = ([r, g, b]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    const flip = ([r, g, b]) => {
        const max = Math.max(r, g, b), min = Math.min(r, g, b), shift = 255 - max - min;
        return `rgb(${r + shift}, ${g + shift}, ${b + shift})`;
    };
    const tagged = [];
    for (const el of [document.body, ...document.body.querySelectorAll('*')]) {
        const own = el.style;
        const s = getComputedStyle(el);
        if (own.color) tagged.push([el, 'data-ogsc', 'color', parse(s.color), (rgb) => light(rgb) < 0.5]);
        if (own.backgroundColor || el.hasAttribute('bgcolor')) tagged.push([el, 'data-ogsb', 'background-color', parse(s.backgroundColor), (rgb) => light(rgb) >= 0.5]);
    }
    for (const [el, mark, prop, rgb, dark] of tagged) {
        el.setAttribute(mark, '');
        if (dark(rgb)) el.style.setProperty(prop, flip(rgb));
    }
    if (!document.body.style.backgroundColor) document.body.style.backgroundColor = 'rgb(18, 18, 18)';
}
