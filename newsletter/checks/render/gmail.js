// Gmail: drops <style> past its size limit and the rules, @-rules and properties it does
// not support (from the caniemail facts), and class names with '.' or ':'.
(facts) => {
    let kept = 0;
    const props = facts.properties.map(([p, v]) => [new RegExp('^(?:' + p + ')$'), new RegExp(v, 'i')]);
    const dropped = (name, value) => props.some(([p, v]) => p.test(name) && v.test(value));
    const clean = (style) => {
        for (const name of Array.from(style)) {
            if (dropped(name, style.getPropertyValue(name))) style.removeProperty(name);
        }
    };
    const prune = (rules, owner) => {
        for (let i = rules.length - 1; i >= 0; i--) {
            const rule = rules[i];
            const text = rule.cssText.toLowerCase();
            if (rule.cssRules && facts.atRules.some((a) => text.startsWith(a))) { owner.deleteRule(i); continue; }
            if (rule.selectorText !== undefined && /\[/.test(rule.selectorText)) { owner.deleteRule(i); continue; }
            if (rule.style) clean(rule.style);
            if (rule.cssRules) prune(rule.cssRules, rule);
        }
    };
    document.querySelectorAll('style').forEach((s) => {
        kept += new Blob([s.textContent]).size;
        if (kept > facts.styleBytes) { s.remove(); return; }
        prune(s.sheet.cssRules, s.sheet);
    });
    document.querySelectorAll('[style]').forEach((el) => clean(el.style));
    document.querySelectorAll('[class]').forEach((el) => {
        const names = el.className.split(/\s+/).filter((n) => n && !/[.:]/.test(n));
        el.className = names.join(' ');
    });
}
