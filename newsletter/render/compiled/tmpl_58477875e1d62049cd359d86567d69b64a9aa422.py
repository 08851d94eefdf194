from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/_macros.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_image = l_0_logo = l_0_button = l_0_section_title = missing
    try:
        t_1 = environment.filters['min']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'min' found.")
    pass
    def macro(l_1_img, l_1_max_width, l_1_link):
        t_2 = []
        l_1_theme = resolve('theme')
        l_1_width = l_1_height = missing
        if l_1_img is missing:
            l_1_img = undefined("parameter 'img' was not provided", name='img')
        if l_1_max_width is missing:
            l_1_max_width = undefined("parameter 'max_width' was not provided", name='max_width')
        if l_1_link is missing:
            l_1_link = None
        pass
        l_1_width = t_1(environment, [environment.getattr(l_1_img, 'width'), l_1_max_width])
        l_1_height = context.call(environment.getattr(l_1_img, 'height_at'), (undefined(name='width') if l_1_width is missing else l_1_width))
        t_2.extend((
            '<table role="presentation" class="image-frame" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width: ',
            escape((undefined(name='width') if l_1_width is missing else l_1_width)),
            'px;">\n<tr>\n<td class="image-cell" bgcolor="',
            escape(environment.getattr(environment.getattr((undefined(name='theme') if l_1_theme is missing else l_1_theme), 'light'), 'background')),
            '">\n',
        ))
        if l_1_link:
            pass
            t_2.extend((
                '<a class="image-link" href="',
                escape(l_1_link),
                '">',
            ))
        t_2.extend((
            '<img src="',
            escape(environment.getattr(l_1_img, 'src')),
            '" width="',
            escape((undefined(name='width') if l_1_width is missing else l_1_width)),
            '"',
        ))
        if (undefined(name='height') if l_1_height is missing else l_1_height):
            pass
            t_2.extend((
                ' height="',
                escape((undefined(name='height') if l_1_height is missing else l_1_height)),
                '"',
            ))
        t_2.extend((
            ' alt="',
            escape(environment.getattr(l_1_img, 'alt')),
            '" class="image" style="max-width: ',
            escape((undefined(name='width') if l_1_width is missing else l_1_width)),
            'px;">',
        ))
        if l_1_link:
            pass
            t_2.append(
                '</a>',
            )
        t_2.append(
            '\n</td>\n</tr>\n</table>',
        )
        return concat(t_2)
    context.exported_vars.add('image')
    context.vars['image'] = l_0_image = Macro(environment, macro, 'image', ('img', 'max_width', 'link'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_img, l_1_max_width):
        t_3 = []
        l_1_width = l_1_height = missing
        if l_1_img is missing:
            l_1_img = undefined("parameter 'img' was not provided", name='img')
        if l_1_max_width is missing:
            l_1_max_width = undefined("parameter 'max_width' was not provided", name='max_width')
        pass
        l_1_width = t_1(environment, [environment.getattr(l_1_img, 'width'), l_1_max_width])
        l_1_height = context.call(environment.getattr(l_1_img, 'height_at'), (undefined(name='width') if l_1_width is missing else l_1_width))
        t_3.extend((
            '<img src="',
            escape(environment.getattr(l_1_img, 'src')),
            '" width="',
            escape((undefined(name='width') if l_1_width is missing else l_1_width)),
            '"',
        ))
        if (undefined(name='height') if l_1_height is missing else l_1_height):
            pass
            t_3.extend((
                ' height="',
                escape((undefined(name='height') if l_1_height is missing else l_1_height)),
                '"',
            ))
        t_3.append(
            ' alt="" class="logo',
        )
        if environment.getattr(l_1_img, 'dark_src'):
            pass
            t_3.append(
                ' logo-light',
            )
        t_3.extend((
            '" style="max-width: ',
            escape((undefined(name='width') if l_1_width is missing else l_1_width)),
            'px;">',
        ))
        if environment.getattr(l_1_img, 'dark_src'):
            pass
            t_3.extend((
                '\n<!--[if !mso]><!--><div class="logo-dark"><img src="',
                escape(environment.getattr(l_1_img, 'dark_src')),
                '" width="',
                escape((undefined(name='width') if l_1_width is missing else l_1_width)),
                '"',
            ))
            if (undefined(name='height') if l_1_height is missing else l_1_height):
                pass
                t_3.extend((
                    ' height="',
                    escape((undefined(name='height') if l_1_height is missing else l_1_height)),
                    '"',
                ))
            t_3.extend((
                ' alt="" class="logo" style="max-width: ',
                escape((undefined(name='width') if l_1_width is missing else l_1_width)),
                'px;"></div><!--<![endif]-->',
            ))
        return concat(t_3)
    context.exported_vars.add('logo')
    context.vars['logo'] = l_0_logo = Macro(environment, macro, 'logo', ('img', 'max_width'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_text, l_1_url, l_1_kind, l_1_max_width):
        t_4 = []
        l_1_layout = resolve('layout')
        l_1_button_box = resolve('button_box')
        l_1_theme = resolve('theme')
        l_1_fill = resolve('fill')
        l_1_ink = resolve('ink')
        l_1_stroke = resolve('stroke')
        l_1_outlook_font = resolve('outlook_font')
        l_1_width = l_1_height = l_1_size = missing
        if l_1_text is missing:
            l_1_text = undefined("parameter 'text' was not provided", name='text')
        if l_1_url is missing:
            l_1_url = undefined("parameter 'url' was not provided", name='url')
        if l_1_kind is missing:
            l_1_kind = 'primary'
        if l_1_max_width is missing:
            l_1_max_width = environment.getattr((undefined(name='layout') if l_1_layout is missing else l_1_layout), 'inner')
        pass
        (l_1_width, l_1_height) = context.call((undefined(name='button_box') if l_1_button_box is missing else l_1_button_box), l_1_text, l_1_max_width)
        l_1_size = environment.getattr((undefined(name='layout') if l_1_layout is missing else l_1_layout), 'button')
        if (l_1_kind == 'promo'):
            pass
            (l_1_fill, l_1_ink, l_1_stroke) = (environment.getattr(environment.getattr((undefined(name='theme') if l_1_theme is missing else l_1_theme), 'light'), 'surface'), environment.getattr(environment.getattr((undefined(name='theme') if l_1_theme is missing else l_1_theme), 'light'), 'text'), environment.getattr(environment.getattr((undefined(name='theme') if l_1_theme is missing else l_1_theme), 'light'), 'text'))
        else:
            pass
            (l_1_fill, l_1_ink, l_1_stroke) = (environment.getattr(environment.getattr((undefined(name='theme') if l_1_theme is missing else l_1_theme), 'light'), 'accent'), environment.getattr(environment.getattr((undefined(name='theme') if l_1_theme is missing else l_1_theme), 'light'), 'accent_text'), None)
        t_4.extend((
            '<table role="presentation" cellpadding="0" cellspacing="0" border="0">\n<tr>\n<td class="button-cell">\n<!--[if mso]>\n<v:roundrect xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w="urn:schemas-microsoft-com:office:word" href="',
            escape(l_1_url),
            '" style="height:',
            escape((undefined(name='height') if l_1_height is missing else l_1_height)),
            'px;v-text-anchor:middle;width:',
            escape((undefined(name='width') if l_1_width is missing else l_1_width)),
            'px;" arcsize="',
            escape(environment.getattr((undefined(name='size') if l_1_size is missing else l_1_size), 'arcsize')),
            '%" fillcolor="',
            escape((undefined(name='fill') if l_1_fill is missing else l_1_fill)),
            '"',
        ))
        if (undefined(name='stroke') if l_1_stroke is missing else l_1_stroke):
            pass
            t_4.extend((
                ' strokecolor="',
                escape((undefined(name='stroke') if l_1_stroke is missing else l_1_stroke)),
                '" strokeweight="',
                escape(environment.getattr((undefined(name='size') if l_1_size is missing else l_1_size), 'outline')),
                'px"',
            ))
        else:
            pass
            t_4.append(
                ' stroke="f"',
            )
        t_4.extend((
            '>\n<w:anchorlock/>\n<center style="color:',
            escape((undefined(name='ink') if l_1_ink is missing else l_1_ink)),
            ';font-family:',
            escape(context.call((undefined(name='outlook_font') if l_1_outlook_font is missing else l_1_outlook_font), environment.getattr(environment.getattr((undefined(name='theme') if l_1_theme is missing else l_1_theme), 'fonts'), 'body'))),
            ';font-size:',
            escape(environment.getattr((undefined(name='size') if l_1_size is missing else l_1_size), 'font_size')),
            'px;font-weight:bold;">',
            escape(l_1_text),
            '</center>\n</v:roundrect>\n<![endif]-->\n<!--[if !mso]><!--><a class="button',
        ))
        if (l_1_kind == 'promo'):
            pass
            t_4.append(
                ' button-promo',
            )
        t_4.extend((
            '" href="',
            escape(l_1_url),
            '">',
            escape(l_1_text),
            '</a><!--<![endif]-->\n</td>\n</tr>\n</table>',
        ))
        return concat(t_4)
    context.exported_vars.add('button')
    context.vars['button'] = l_0_button = Macro(environment, macro, 'button', ('text', 'url', 'kind', 'max_width'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_text, l_1_tag):
        t_5 = []
        if l_1_text is missing:
            l_1_text = undefined("parameter 'text' was not provided", name='text')
        if l_1_tag is missing:
            l_1_tag = 'h2'
        pass
        t_5.extend((
            '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">\n<tr>\n<td class="section-rule">\n<',
            escape(l_1_tag),
            ' class="section-title">',
            escape(l_1_text),
            '</',
            escape(l_1_tag),
            '>\n</td>\n</tr>\n</table>',
        ))
        return concat(t_5)
    context.exported_vars.add('section_title')
    context.vars['section_title'] = l_0_section_title = Macro(environment, macro, 'section_title', ('text', 'tag'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '9=18&10=29&11=30&12=33&14=35&15=38&25=77&26=85&27=86&28=89&29=114&31=118&40=138&41=157&42=158&43=159&44=161&46=164&52=167&54=194&57=203&65=218&69=227'