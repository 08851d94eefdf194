from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'archive/_page.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_settings = resolve('settings')
    l_0_page = resolve('page')
    l_0_site = resolve('site')
    l_0__ = resolve('_')
    try:
        t_1 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_2 = environment.filters['trim']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'trim' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'language'))
    yield '" dir="'
    yield escape(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'direction'))
    yield '">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="color-scheme" content="light dark">\n<title>'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title'))
    yield '</title>\n<meta name="description" content="'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'description'))
    yield '">\n<link rel="canonical" href="'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'canonical'))
    yield '">\n'
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'feeds'):
        pass
        yield '<link rel="alternate" type="application/atom+xml" title="'
        yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))
        yield '" href="'
        yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'feed_url'))
        yield '">\n<link rel="alternate" type="application/feed+json" title="'
        yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))
        yield '" href="'
        yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'json_feed_url'))
        yield '">\n'
    yield '<meta property="og:type" content="'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'kind'))
    yield '">\n<meta property="og:site_name" content="'
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))
    yield '">\n<meta property="og:title" content="'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'heading'))
    yield '">\n<meta property="og:description" content="'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'description'))
    yield '">\n<meta property="og:url" content="'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'canonical'))
    yield '">\n'
    if environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'image'):
        pass
        yield '<meta property="og:image" content="'
        yield escape(environment.getattr(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'image'), 'src'))
        yield '">\n<meta property="og:image:alt" content="'
        yield escape(environment.getattr(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'image'), 'alt'))
        yield '">\n'
    if environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'published'):
        pass
        yield '<meta property="article:published_time" content="'
        yield escape(context.call(environment.getattr(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'published'), 'isoformat')))
        yield '">\n'
    yield '<meta name="twitter:card" content="'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'card'))
    yield '">\n<meta name="twitter:title" content="'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'heading'))
    yield '">\n<meta name="twitter:description" content="'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'description'))
    yield '">\n'
    if environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'image'):
        pass
        yield '<meta name="twitter:image" content="'
        yield escape(environment.getattr(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'image'), 'src'))
        yield '">\n<meta name="twitter:image:alt" content="'
        yield escape(environment.getattr(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'image'), 'alt'))
        yield '">\n'
    yield from context.blocks['head'][0](context)
    yield '<style>\n'
    yield from context.blocks['style'][0](context)
    yield '</style>\n</head>\n<body class="site">\n<header class="site-bar">\n<div class="site-bar-inner">\n<a class="site-title" href="'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'root'))
    yield '">'
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))
    yield '</a>\n'
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'signup_url'):
        pass
        yield '<a class="site-signup" href="'
        yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'signup_url'))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Subscribe'))
        yield '</a>\n'
    yield '</div>\n</header>\n<main class="site-main">\n'
    yield from context.blocks['main'][0](context)
    yield '</main>\n<footer class="site-footer">\n'
    if environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'social'):
        pass
        yield '<p>'
        l_1_loop = missing
        for l_1_link, l_1_loop in LoopContext(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'social'), undefined):
            _loop_vars = {}
            pass
            yield '<a href="'
            yield escape(environment.getattr(l_1_link, 'url'))
            yield '">'
            yield escape(environment.getattr(l_1_link, 'name'))
            yield '</a>'
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield ' &middot; '
        l_1_loop = l_1_link = missing
        yield '</p>\n'
    yield '<p><a href="'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'root'))
    yield '">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'All issues'))
    yield '</a>'
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'feeds'):
        pass
        yield ' &middot; <a href="'
        yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'root'))
        yield 'feed.xml">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Feed'))
        yield '</a>'
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'signup_url'):
        pass
        yield ' &middot; <a href="'
        yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'signup_url'))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Subscribe to %(name)s', name=environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'name')))
        yield '</a>'
    yield ' &middot; <a href="'
    yield escape(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'website'))
    yield '">'
    yield escape(t_2(t_1(context.eval_ctx, t_1(context.eval_ctx, environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'website'), 'https://', ''), 'http://', ''), '/'))
    yield '</a></p>\n</footer>\n</body>\n</html>\n'

def block_head(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

def block_style(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    template = environment.get_template('archive/site.css', 'archive/_page.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

blocks = {'head': block_head, 'style': block_style, 'main': block_main}
debug_info = '9=28&14=32&15=34&16=36&17=38&18=41&19=45&21=50&22=52&23=54&24=56&25=58&26=60&27=63&28=65&30=67&31=70&33=73&34=75&35=77&36=79&37=82&38=84&40=86&42=88&50=90&51=94&52=97&57=102&60=104&61=108&63=122&40=146&42=155&43=163&57=170'