from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/text.txt'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_block = resolve('block')
    l_0_width = resolve('width')
    try:
        t_1 = environment.filters['md_text']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'md_text' found.")
    try:
        t_2 = environment.filters['underline']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'underline' found.")
    try:
        t_3 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    pass
    if environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'title'):
        pass
        yield str(t_2(t_3(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'title'), (undefined(name='width') if l_0_width is missing else l_0_width)), '-'))
        yield '\n\n'
    yield str(t_1(context, environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'body'), (undefined(name='width') if l_0_width is missing else l_0_width)))
    yield '\n'

blocks = {}
debug_info = '1=31&2=33&5=35'