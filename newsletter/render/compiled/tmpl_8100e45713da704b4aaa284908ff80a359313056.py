from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'archive/index.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('archive/_page.html', 'archive/index.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_head(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_newer = resolve('newer')
    l_0_older = resolve('older')
    pass
    if (undefined(name='newer') if l_0_newer is missing else l_0_newer):
        pass
        yield '<link rel="prev" href="'
        yield escape(environment.getattr((undefined(name='newer') if l_0_newer is missing else l_0_newer), 'href'))
        yield '">\n'
    if (undefined(name='older') if l_0_older is missing else l_0_older):
        pass
        yield '<link rel="next" href="'
        yield escape(environment.getattr((undefined(name='older') if l_0_older is missing else l_0_older), 'href'))
        yield '">\n'

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_site = resolve('site')
    l_0_items = resolve('items')
    l_0__ = resolve('_')
    l_0_count = resolve('count')
    l_0_newer = resolve('newer')
    l_0_number = resolve('number')
    l_0_older = resolve('older')
    try:
        t_1 = environment.filters['longdate']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'longdate' found.")
    pass
    yield '<div class="archive">\n<h1 class="archive-title">'
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))
    yield '</h1>\n<p class="archive-description">'
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'description'))
    yield '</p>\n'
    if (undefined(name='items') if l_0_items is missing else l_0_items):
        pass
        yield '<ul class="archive-list">\n'
        for l_1_item in (undefined(name='items') if l_0_items is missing else l_0_items):
            _loop_vars = {}
            pass
            yield '<li class="archive-item">\n<p class="archive-meta"><time datetime="'
            yield escape(context.call(environment.getattr(environment.getattr(l_1_item, 'date'), 'isoformat'), _loop_vars=_loop_vars))
            yield '">'
            yield escape(t_1(context, environment.getattr(l_1_item, 'date')))
            yield '</time>'
            if environment.getattr(l_1_item, 'number'):
                pass
                yield ' &middot; '
                yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Issue %(number)s', number=environment.getattr(l_1_item, 'number'), _loop_vars=_loop_vars))
            yield '</p>\n<h2 class="archive-subject"><a href="'
            yield escape(environment.getattr(l_1_item, 'href'))
            yield '">'
            yield escape(environment.getattr(l_1_item, 'subject'))
            yield '</a></h2>\n<p class="archive-preheader">'
            yield escape(environment.getattr(l_1_item, 'preheader'))
            yield '</p>\n</li>\n'
        l_1_item = missing
        yield '</ul>\n'
    else:
        pass
        yield '<p class="archive-empty">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'No issues yet.', _block_vars=_block_vars))
        yield '</p>\n'
    if ((undefined(name='count') if l_0_count is missing else l_0_count) > 1):
        pass
        yield '<nav class="archive-pages" aria-label="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Pages', _block_vars=_block_vars))
        yield '">\n'
        if (undefined(name='newer') if l_0_newer is missing else l_0_newer):
            pass
            yield '<a href="'
            yield escape(environment.getattr((undefined(name='newer') if l_0_newer is missing else l_0_newer), 'href'))
            yield '" rel="prev">&larr; '
            yield escape(environment.getattr((undefined(name='newer') if l_0_newer is missing else l_0_newer), 'text'))
            yield '</a>'
        yield '<span>'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Page %(number)s of %(count)s', number=(undefined(name='number') if l_0_number is missing else l_0_number), count=(undefined(name='count') if l_0_count is missing else l_0_count), _block_vars=_block_vars))
        yield '</span>\n'
        if (undefined(name='older') if l_0_older is missing else l_0_older):
            pass
            yield '<a href="'
            yield escape(environment.getattr((undefined(name='older') if l_0_older is missing else l_0_older), 'href'))
            yield '" rel="next">'
            yield escape(environment.getattr((undefined(name='older') if l_0_older is missing else l_0_older), 'text'))
            yield ' &rarr;</a>'
        yield '</nav>\n'
    yield '</div>\n'

blocks = {'head': block_head, 'main': block_main}
debug_info = '2=12&3=17&4=27&5=30&7=32&8=35&11=38&13=60&14=62&15=64&17=67&19=71&20=80&21=84&26=91&28=93&29=96&30=98&31=106&32=108'