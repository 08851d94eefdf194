from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/events.txt'

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
        t_2 = environment.filters['shortdate']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'shortdate' found.")
    try:
        t_3 = environment.filters['underline']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'underline' found.")
    try:
        t_4 = environment.filters['upper']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'upper' found.")
    try:
        t_5 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    pass
    yield str(t_3(t_4(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'title')), '='))
    yield '\n'
    for l_1_event in environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'items'):
        l_1_width = resolve('width')
        _loop_vars = {}
        pass
        yield '\n'
        yield str(t_2(context, environment.getattr(l_1_event, 'date')))
        yield str((str_join((', ', environment.getattr(l_1_event, 'time'), )) if environment.getattr(l_1_event, 'time') else ''))
        yield '\n  '
        yield str(t_5(environment.getattr(l_1_event, 'title'), ((undefined(name='width') if l_1_width is missing else l_1_width) - 2), '  '))
        yield '\n  '
        yield str(t_5(environment.getattr(l_1_event, 'place'), ((undefined(name='width') if l_1_width is missing else l_1_width) - 2), '  '))
        yield '\n'
        if environment.getattr(l_1_event, 'url'):
            pass
            yield '  '
            yield str(t_1(environment.getattr(l_1_event, 'url'), '', ((undefined(name='width') if l_1_width is missing else l_1_width) - 2)))
            yield '\n'
    l_1_event = l_1_width = missing

blocks = {}
debug_info = '1=42&2=44&4=49&5=52&6=54&7=56&8=59'