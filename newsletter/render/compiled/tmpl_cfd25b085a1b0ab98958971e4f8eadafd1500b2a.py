from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'archive/editions.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('archive/_page.html', 'archive/editions.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_site = resolve('site')
    l_0_items = resolve('items')
    pass
    yield '<div class="archive">\n<h1 class="archive-title">'
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))
    yield '</h1>\n<p class="archive-description">'
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'description'))
    yield '</p>\n<ul class="archive-list">\n'
    for l_1_item in (undefined(name='items') if l_0_items is missing else l_0_items):
        _loop_vars = {}
        pass
        yield '<li class="archive-item" lang="'
        yield escape(environment.getattr(l_1_item, 'language'))
        yield '" dir="'
        yield escape(environment.getattr(l_1_item, 'direction'))
        yield '">\n<h2 class="archive-subject"><a href="'
        yield escape(environment.getattr(l_1_item, 'href'))
        yield '">'
        yield escape(environment.getattr(l_1_item, 'name'))
        yield '</a></h2>\n</li>\n'
    l_1_item = missing
    yield '</ul>\n</div>\n'

blocks = {'main': block_main}
debug_info = '3=12&4=17&6=28&7=30&9=32&10=36&11=40'