// Gmail's apps turn light emails dark by inverting the lightness of every colour.
() => {
    const parse = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const invert = ([r, g, b, a = 1]) => {
        const max = Math.max(r, g, b), min = Math.min(r, g, b);
        const shift = 255 - max - min;
        return `rgba(${r + shift}, ${g + shift}, ${b + shift}, ${a})`;
    };
    const all = [document.documentElement, document.body, ...document.body.querySelectorAll('*')];
    const seen = all.map((el) => { const s = getComputedStyle(el); return [el, s.color, s.backgroundColor, s.borderColor]; });
    for (const [el, color, background, border] of seen) {
        el.style.setProperty('color', invert(parse(color)), 'important');
        const bg = parse(background);
        if (bg.length === 4 && bg[3] === 0) {
            if (el === document.documentElement) el.style.setProperty('background-color', 'rgb(18, 18, 18)', 'important');
        } else {
            el.style.setProperty('background-color', invert(bg), 'important');
        }
        el.style.setProperty('border-color', invert(parse(border)), 'important');
    }
}
