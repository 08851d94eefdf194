from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/heading.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_block = resolve('block')
    l_0_section_title = missing
    pass
    included_template = environment.get_template('blocks/_macros.html', 'blocks/heading.html')._get_default_module(context)
    l_0_section_title = getattr(included_template, 'section_title', missing)
    if l_0_section_title is missing:
        l_0_section_title = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'blocks/heading.html') does not export the requested name 'section_title'", name='section_title')
    context.vars['section_title'] = l_0_section_title
    context.exported_vars.discard('section_title')
    yield escape(context.call((undefined(name='section_title') if l_0_section_title is missing else l_0_section_title), environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'text')))
    yield '\n'

blocks = {}
debug_info = '2=13&3=19'