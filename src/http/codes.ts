/** Messages for answers that carry an HTTP error status: every status the server or Fastify can answer with. */
export const HttpMessages: Record<number, string> = {
  400: '请求参数有误',
  401: '未登录',
  403: '禁止访问',
  404: '请求的资源不存在',
  405: '请求方法不允许',
  406: '无法提供请求的内容格式',
  408: '请求超时',
  411: '缺少请求体长度',
  413: '请求体过大',
  414: '请求地址过长',
  415: '不支持的请求体类型',
  422: '请求无法处理',
  429: '请求过于频繁,请稍后再试',
  431: '请求头过大',
  500: '内部错误',
  501: '不支持的请求',
  502: '上游服务错误',
  503: '服务暂不可用',
  504: '上游服务超时',
  505: '不支持的HTTP版本',
}

/** The bad-URL answer's message: the path or query cannot be decoded. */
export const BAD_URL_MSG = '请求地址无效'
