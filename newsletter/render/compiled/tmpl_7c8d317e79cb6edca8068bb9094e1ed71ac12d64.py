from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/jobs.txt'

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
    try:
        t_2 = environment.filters['underline']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'underline' found.")
    try:
        t_3 = environment.filters['upper']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'upper' found.")
    try:
        t_4 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    pass
    yield str(t_2(t_3(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'title')), '='))
    yield '\n'
    for l_1_job in environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'items'):
        l_1_width = resolve('width')
        _loop_vars = {}
        pass
        yield '\n'
        yield str(t_4(environment.getattr(l_1_job, 'title'), (undefined(name='width') if l_1_width is missing else l_1_width)))
        yield '\n  '
        yield str(t_4(str_join((environment.getattr(l_1_job, 'employer'), ', ', environment.getattr(l_1_job, 'location'), )), ((undefined(name='width') if l_1_width is missing else l_1_width) - 2), '  '))
        yield '\n  '
        yield str(t_1(environment.getattr(l_1_job, 'url'), '', ((undefined(name='width') if l_1_width is missing else l_1_width) - 2)))
        yield '\n'
    l_1_job = l_1_width = missing
    if environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'more'):
        pass
        yield '\n'
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'more'), 'url'), environment.getattr(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'more'), 'text')))
        yield '\n'

blocks = {}
debug_info = '1=36&2=38&4=43&5=45&6=47&8=50&10=53'