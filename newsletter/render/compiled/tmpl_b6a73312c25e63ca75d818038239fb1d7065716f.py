from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'archive/issue.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('archive/_page.html', 'archive/issue.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_style(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    try:
        t_1 = environment.filters['web_css']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'web_css' found.")
    pass
    t_2 = []
    pass
    template = environment.get_template('style.css', 'archive/issue.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            t_2.append(event)
    finally: gen.close()
    yield t_1(Markup(concat(t_2)))
    template = environment.get_template('archive/site.css', 'archive/issue.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('archive/issue.css', 'archive/issue.html')
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
    l_0__ = resolve('_')
    l_0_page = resolve('page')
    l_0_settings = resolve('settings')
    l_0_logo = resolve('logo')
    l_0_layout = resolve('layout')
    l_0_issue = resolve('issue')
    l_0_edition = resolve('edition')
    l_0_newer = resolve('newer')
    l_0_older = resolve('older')
    try:
        t_3 = environment.filters['longdate']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'longdate' found.")
    try:
        t_4 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    pass
    yield '<nav class="site-nav" aria-label="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Archive', _block_vars=_block_vars))
    yield '"><a href="'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'root'))
    yield '">&larr; '
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'All issues', _block_vars=_block_vars))
    yield '</a></nav>\n<article class="issue" lang="'
    yield escape(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'language'))
    yield '" dir="'
    yield escape(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'direction'))
    yield '">\n<header class="masthead">\n'
    if environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'logo'):
        pass
        included_template = environment.get_template('blocks/_macros.html', 'archive/issue.html')._get_default_module(context)
        l_0_logo = getattr(included_template, 'logo', missing)
        if l_0_logo is missing:
            l_0_logo = undefined(f"the template {included_template.__name__!r} (imported on line 15 in 'archive/issue.html') does not export the requested name 'logo'", name='logo')
        yield escape(context.call((undefined(name='logo') if l_0_logo is missing else l_0_logo), environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'logo'), environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'inner'), _block_vars=_block_vars))
        yield '\n'
    yield '<p class="masthead-name"><a href="'
    yield escape(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'website'))
    yield '">'
    yield escape(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'name'))
    yield '</a></p>\n'
    if environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'tagline'):
        pass
        yield '<p class="masthead-tagline">'
        yield escape(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'tagline'))
        yield '</p>\n'
    yield '<p class="masthead-date"><time datetime="'
    yield escape(context.call(environment.getattr(environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'date'), 'isoformat'), _block_vars=_block_vars))
    yield '">'
    yield escape(t_3(context, environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'date')))
    yield '</time>'
    if environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'number'):
        pass
        yield ' &middot; '
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Issue %(number)s', number=environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'number'), _block_vars=_block_vars))
    if t_4((undefined(name='edition') if l_0_edition is missing else l_0_edition)):
        pass
        yield ' &middot; '
        yield escape(environment.getattr((undefined(name='edition') if l_0_edition is missing else l_0_edition), 'name'))
    yield '</p>\n</header>\n<h1 class="issue-subject">'
    yield escape(environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'subject'))
    yield '</h1>\n'
    template = environment.get_template('archive/_content.html', 'archive/issue.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'logo': l_0_logo}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '</article>\n'
    if ((undefined(name='newer') if l_0_newer is missing else l_0_newer) or (undefined(name='older') if l_0_older is missing else l_0_older)):
        pass
        yield '<nav class="issue-nav" aria-label="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'More issues', _block_vars=_block_vars))
        yield '">\n'
        if (undefined(name='older') if l_0_older is missing else l_0_older):
            pass
            yield '<a class="issue-nav-older" href="'
            yield escape(environment.getattr((undefined(name='older') if l_0_older is missing else l_0_older), 'href'))
            yield '" rel="prev"><span>'
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Previous issue', _block_vars=_block_vars))
            yield '</span> '
            yield escape(environment.getattr((undefined(name='older') if l_0_older is missing else l_0_older), 'text'))
            yield '</a>\n'
        if (undefined(name='newer') if l_0_newer is missing else l_0_newer):
            pass
            yield '<a class="issue-nav-newer" href="'
            yield escape(environment.getattr((undefined(name='newer') if l_0_newer is missing else l_0_newer), 'href'))
            yield '" rel="next"><span>'
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Next issue', _block_vars=_block_vars))
            yield '</span> '
            yield escape(environment.getattr((undefined(name='newer') if l_0_newer is missing else l_0_newer), 'text'))
            yield '</a>\n'
        yield '</nav>\n'

blocks = {'style': block_style, 'main': block_main}
debug_info = '4=12&5=17&6=33&7=40&8=46&10=53&11=83&12=89&14=93&15=95&16=99&18=102&19=106&20=109&22=112&24=125&25=127&27=134&28=137&29=139&30=142&32=148&33=151'