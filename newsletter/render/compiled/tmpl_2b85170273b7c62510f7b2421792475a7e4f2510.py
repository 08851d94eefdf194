from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/lead.txt'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_block = resolve('block')
    pass
    l_1_story = (undefined(name='block') if l_0_block is missing else l_0_block)
    pass
    template = environment.get_template('blocks/_story.txt', 'blocks/lead.txt')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'story': l_1_story}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    l_1_story = missing

blocks = {}
debug_info = '1=14'