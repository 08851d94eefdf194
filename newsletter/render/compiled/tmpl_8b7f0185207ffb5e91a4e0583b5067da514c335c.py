from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/button.txt'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_block = resolve('block')
    try:
        t_1 = environment.filters['link']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'link' found.")
    pass
    yield str(t_1(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'url'), environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'text')))
    yield '\n'

blocks = {}
debug_info = '1=18'