from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'archive/latest.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('archive/_page.html', 'archive/latest.html')
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
    l_0_target = resolve('target')
    pass
    yield '<meta http-equiv="refresh" content="0; url='
    yield escape(environment.getattr((undefined(name='target') if l_0_target is missing else l_0_target), 'href'))
    yield '">\n<meta name="robots" content="noindex">\n'

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_target = resolve('target')
    pass
    yield '<div class="archive">\n<p class="archive-latest"><a href="'
    yield escape(environment.getattr((undefined(name='target') if l_0_target is missing else l_0_target), 'href'))
    yield '">'
    yield escape(environment.getattr((undefined(name='target') if l_0_target is missing else l_0_target), 'text'))
    yield '</a></p>\n</div>\n'

blocks = {'head': block_head, 'main': block_main}
debug_info = '3=12&4=17&5=27&8=30&10=40'