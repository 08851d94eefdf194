() => { document.querySelectorAll('style').forEach((s) => s.remove()); }
