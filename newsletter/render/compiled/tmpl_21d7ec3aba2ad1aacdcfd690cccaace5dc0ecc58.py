from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/quote.txt'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_block = resolve('block')
    l_0_width = resolve('width')
    l_0__ = resolve('_')
    try:
        t_1 = environment.filters['indent']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'indent' found.")
    try:
        t_2 = environment.filters['link']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'link' found.")
    try:
        t_3 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    pass
    yield str(t_1(t_3(str_join(('“', environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'text'), '”', )), ((undefined(name='width') if l_0_width is missing else l_0_width) - 4)), 4, first=True))
    yield '\n'
    yield str(t_1(t_3(str_join(('-- ', environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'attribution'), )), ((undefined(name='width') if l_0_width is missing else l_0_width) - 4)), 4, first=True))
    yield '\n'
    if environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'url'):
        pass
        yield str(t_1(t_2(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'url'), context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Source'), ((undefined(name='width') if l_0_width is missing else l_0_width) - 4)), 4, first=True))
        yield '\n'

blocks = {}
debug_info = '1=32&2=34&3=36&4=38'