from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/lead.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_block = resolve('block')
    l_0__ = resolve('_')
    pass
    l_1_story = (undefined(name='block') if l_0_block is missing else l_0_block)
    l_1_title_class = 'lead-title'
    l_1_button_text = context.call((undefined(name='_') if l_0__ is missing else l_0__), environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'button'))
    pass
    template = environment.get_template('blocks/_story.html', 'blocks/lead.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'button_text': l_1_button_text, 'story': l_1_story, 'title_class': l_1_title_class}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    l_1_story = l_1_title_class = l_1_button_text = missing

blocks = {}
debug_info = '2=17'