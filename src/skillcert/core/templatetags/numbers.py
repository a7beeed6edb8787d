from django import template

from skillcert.core.numbers import decimal_text

register = template.Library()

register.filter("decimal_text", decimal_text)
