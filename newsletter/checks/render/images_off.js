() => {
    document.querySelectorAll('img').forEach((img) => {
        img.removeAttribute('srcset');
        img.src = 'data:,';
    });
}
