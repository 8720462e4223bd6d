package rules

// DefaultPolicyFile is the commented liushou.toml that liushou init writes: the
// built-in policy, spelled out so that a school can change what it needs.
const DefaultPolicyFile = `# liushou 学校设置（liushou.toml）
#
# 把这个文件放在花名册所在的文件夹里，liushou 会自动读取；也可以用 --config 指定。
# 以 # 开头的行是说明，不起作用。改完后运行 liushou check 检查一遍：写错的设置会指出行号。

[school]
# 学校名称、地址、邮编和电话，印在家长信的落款和信封的寄信人处。
name = ""
address = ""
postcode = ""
phone = ""

[rules]
# 每隔多少天至少家访一次、与家长通话一次（1 到 366）。
visit_every_days = 30
call_every_days = 30
# 到期前多少天起列为“将到期”（0 表示不提前提醒），必须小于上面两个天数。
due_soon_days = 7

[privacy]
# 打印时身份证号只显示前 6 位和后 4 位（汇总.xlsx），电话只显示前 3 位和后 4 位（检查清单、
# 邮寄清单、汇总.xlsx）。家长信和信封上从不印身份证号和学生家的电话。改成 false 会印出完整号码，请谨慎。
mask_id_numbers = true
mask_phones = true

[signs]
# 五必访：出现任一情况须立即家访。等号左边是情况名称，右边是在“必访情况”“近期情况”
# 一栏里识别它的词；一栏里可以同时写几种情况。“无迟到”“没有生病”这样的否定说法不算。
"情绪不好" = ["情绪不好", "情绪低落", "情绪异常", "情绪波动", "心情不好", "哭闹", "孤僻", "沉默寡言", "闷闷不乐"]
"身体不佳" = ["身体不佳", "身体不好", "生病", "住院", "发烧", "发热", "受伤", "病假", "不舒服"]
"成绩下降" = ["成绩下降", "成绩下滑", "退步", "学习下降", "成绩差"]
"迟到早退" = ["迟到早退", "迟到", "早退", "旷课", "逃学", "缺课"]
"与同学争吵" = ["与同学争吵", "争吵", "吵架", "打架", "冲突", "闹矛盾"]

[letters]
# 家长信的模板文件（与本文件放在同一文件夹）。liushou init 会写出默认的两封信，可以直接修改文字；
# 字段写作 {{.学生姓名}}，可用的字段见 README。留空则用内置的信。
start_template = ""
end_template = ""

# 学期：开学和期末各给每个家庭寄一封信。日期不加引号。可以写多个学期。
# [[terms]]
# name = "2026年秋季学期"
# start = 2026-09-01
# end = 2027-01-20

# 班主任：印在家长信和检查清单上，方便家长联系。班级写成“三年级(2)班”的样子。
# [class_teachers."三年级(2)班"]
# name = "陈晓燕"
# phone = "13812345678"
`
