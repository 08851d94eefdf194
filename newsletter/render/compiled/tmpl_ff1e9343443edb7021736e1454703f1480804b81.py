from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/button.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_block = resolve('block')
    l_0_button = missing
    pass
    included_template = environment.get_template('blocks/_macros.html', 'blocks/button.html').make_module(context.get_all(), True, {'button': l_0_button})
    l_0_button = getattr(included_template, 'button', missing)
    if l_0_button is missing:
        l_0_button = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'blocks/button.html') does not export the requested name 'button'", name='button')
    context.vars['button'] = l_0_button
    context.exported_vars.discard('button')
    yield escape(context.call((undefined(name='button') if l_0_button is missing else l_0_button), environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'text'), environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'url')))
    yield '\n'

blocks = {}
debug_info = '2=13&3=19'