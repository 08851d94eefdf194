from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/grid.txt'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_block = resolve('block')
    try:
        t_1 = environment.filters['underline']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'underline' found.")
    try:
        t_2 = environment.filters['upper']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'upper' found.")
    pass
    if environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'title'):
        pass
        yield str(t_1(t_2(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'title')), '='))
        yield '\n\n'
    l_1_loop = missing
    for l_1_story, l_1_loop in LoopContext(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'stories'), undefined):
        _loop_vars = {}
        pass
        template = environment.get_template('blocks/_story.txt', 'blocks/grid.txt')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'loop': l_1_loop, 'story': l_1_story}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield '\n'
    l_1_loop = l_1_story = missing

blocks = {}
debug_info = '1=24&2=26&5=29&6=32&7=38'