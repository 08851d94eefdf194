from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/quote.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_block = resolve('block')
    pass
    yield '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">\n<tr>\n<td class="quote">\n<p class="quote-text">&ldquo;'
    yield escape(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'text'))
    yield '&rdquo;</p>\n<p class="quote-by">&mdash; '
    if environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'url'):
        pass
        yield '<a href="'
        yield escape(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'url'))
        yield '">'
        yield escape(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'attribution'))
        yield '</a>'
    else:
        pass
        yield escape(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'attribution'))
    yield '</p>\n</td>\n</tr>\n</table>\n'

blocks = {}
debug_info = '5=13&6=15'