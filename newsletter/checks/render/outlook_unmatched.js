// The [data-og*] selectors of the email's <style> that match no element once tagged.
() => {
    const found = [];
    const walk = (rules) => {
        for (const rule of rules) {
            if (rule.cssRules) walk(rule.cssRules);
            if (!rule.selectorText || !rule.selectorText.includes('data-og')) continue;
            for (const selector of rule.selectorText.split(',')) {
                if (selector.includes('data-og') && !document.querySelector(selector)) found.push(selector.trim());
            }
        }
    };
    for (const sheet of document.styleSheets) walk(sheet.cssRules);
    return found;
}
