from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/text.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_block = resolve('block')
    try:
        t_1 = environment.filters['markdown']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'markdown' found.")
    pass
    if environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'title'):
        pass
        yield '<h2 class="story-title">'
        yield escape(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'title'))
        yield '</h2>\n'
    yield '<div class="prose">\n'
    yield escape(t_1(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'body')))
    yield '\n</div>\n'

blocks = {}
debug_info = '2=18&3=21&6=24'