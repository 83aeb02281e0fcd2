"""Write the lessons' datasets: sample_data/lessons/*.csv, in English and in Chinese.

    python scripts/make_lesson_data.py [--out sample_data/lessons]

Every sentence is built from the templates and word lists below, written for this
project; nothing is copied from a corpus. The output is the same on every run (fixed
seeds), so the committed files can be checked by running this script again.

Two kinds of data, each in both languages:

* ``board``: notes on a neighbourhood notice board, four topics (sport, music, food,
  garden). The topic is carried by a few cue phrases; names, places, times and
  closing remarks are shared by all topics and only add noise, and a share of the
  labels is wrong on purpose. A big model can memorize such a small, noisy set, which
  is what the overfitting lessons need.
* ``repairs``: messages to a building manager (repair, payment, noise, emergency),
  where emergencies are rare and look like repair requests. The class-imbalance
  lesson shows what a model does with the rare class.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "sample_data" / "lessons"

# --- the notice board ------------------------------------------------------------------

BOARD_EN = {
    "labels": {"sport": "sport", "music": "music", "food": "food", "garden": "garden"},
    "cues": {
        "sport": [
            "the five-a-side football match", "table tennis practice", "the Sunday running club",
            "the swimming lessons", "the badminton evening", "the yoga class", "the cycling trip",
            "the basketball game", "the volleyball tournament", "the tennis coaching", "the hill walk",
            "the climbing wall session", "the rowing club", "the boxing class", "the ice skating trip",
            "the tai chi group", "the skipping contest", "the fitness bootcamp", "the tug of war",
            "the karate class", "the cricket nets", "the netball league", "the park run",
            "the judo club", "the dance workout",
        ],
        "music": [
            "the choir rehearsal", "the guitar lessons", "the jazz night", "the piano recital",
            "the brass band practice", "the open mic evening", "the drumming circle", "the violin class",
            "the karaoke party", "the folk session", "the string quartet concert", "the ukulele group",
            "the singing workshop", "the youth orchestra", "the gospel choir", "the songwriting club",
            "the harp recital", "the flute ensemble", "the rock band audition", "the carol singing",
            "the opera trip", "the recorder lessons", "the steel pan band", "the music theory class",
            "the blues jam",
        ],
        "food": [
            "the bake sale", "the soup kitchen", "the cooking class", "the potluck dinner",
            "the barbecue", "the dumpling workshop", "the jam making afternoon", "the pizza night",
            "the curry evening", "the bread baking course", "the picnic lunch", "the tea and cake morning",
            "the vegan recipe swap", "the pancake breakfast", "the cheese tasting", "the chutney stall",
            "the noodle supper", "the cake decorating class", "the fish and chips supper",
            "the harvest feast", "the sushi workshop", "the smoothie stand", "the chili cook-off",
            "the sandwich run for the shelter", "the cookie swap",
        ],
        "garden": [
            "the tomato planting", "the compost turning", "the allotment open day", "the rose pruning",
            "the bulb planting", "the weeding party", "the tree planting", "the seed swap",
            "the greenhouse repair day", "the herb garden tidy-up", "the lawn mowing rota", "the apple harvest",
            "the beekeeping talk", "the hedge trimming", "the watering rota", "the pumpkin harvest",
            "the flower show", "the vegetable bed digging", "the leaf raking", "the pond clean-up",
            "the orchard pruning", "the strawberry picking", "the seedling sale", "the wildflower sowing",
            "the bird box building",
        ],
    },
    "who": [
        "Maria", "Tom", "Aisha", "Mr Patel", "Mrs Green", "Kofi", "Li Wei", "Grandpa Joe", "Sofia", "Daniel",
        "Fatima", "Oliver", "Mrs O'Brien", "Hannah", "Yusuf", "Chloe", "Mr Novak", "Priya", "Sam from number 4",
        "Ellie", "Marek", "Nadia", "Peter", "Zoe", "Ibrahim", "Grace", "the Okafor family", "Lucy", "Ben",
        "Aunt Rosa", "Jamal", "Mrs Chen", "Leo", "Ruth", "the youth club", "Mr Kowalski", "Amira", "Harry",
        "Dr Singh", "Molly", "the residents' committee", "Pablo", "Isla", "Carlos", "Anna", "the Smiths",
        "Noah", "Layla", "Mr Adebayo", "Freya",
    ],
    "where": [
        "at the community hall", "in the park", "behind the library", "at the school gym", "on the green",
        "in the church hall", "at block C", "by the canal", "in the old fire station", "at the sports centre",
        "in the courtyard", "at the corner cafe", "in room 2 of the youth club", "by the playground",
        "at the leisure centre", "on Elm Street", "at the scout hut", "in the car park", "at number 12",
        "in the back garden of the pub", "by the bandstand", "at the primary school", "in the market square",
        "at the allotments gate", "by the river path", "in the health centre", "at the bowling green",
        "in the basement room", "at the town hall", "by the bus depot",
    ],
    "when": [
        "on Saturday morning", "this Sunday", "next Tuesday evening", "tomorrow at 6", "on Friday night",
        "every Wednesday", "on the first Monday of the month", "this weekend", "at 10 on Saturday",
        "next Thursday", "on Sunday afternoon", "tonight", "after school on Monday", "on bank holiday Monday",
        "at lunchtime on Friday", "in the Easter holidays", "on the 14th", "next month", "at 7 tomorrow",
        "on Saturday afternoon", "before work on Tuesday", "every other Sunday", "at half past five today",
        "on Wednesday evening", "at the weekend", "early on Sunday", "later today", "on Thursday at noon",
        "in two weeks", "on New Year's Day",
    ],
    "extras": [
        "Everyone is welcome.", "It is free.", "Children must come with an adult.", "Please sign up first.",
        "Places are limited.", "If it rains we will move inside.", "Tell your neighbours!",
        "Parking is tight, so walk if you can.", "Ask in the group chat if you have questions.",
        "Thank you to the caretaker for the keys.", "Dogs on leads are fine.", "No experience needed.",
        "Tea will be provided.", "Beginners are very welcome.", "Please be on time.",
        "We still need a few volunteers.", "The lift is broken, so use the stairs.",
        "Message me for details.", "It should take about two hours.", "Wheelchair access is at the side door.",
        "Donations go to the food bank.", "See you there!", "Last time was great fun.",
        "We start promptly.", "It finishes by nine.", "Bring a friend.",
        "Call Maria if you get lost.", "Small donations welcome.", "There is a small fee for materials.",
        "Photos will go on the board next week.",
    ],
    "templates": [
        "{who} is organising {cue} {where} {when}. {extra}",
        "Anyone up for {cue} {when}? {extra}",
        "Reminder: {cue} is now {when}, still {where}.",
        "{who} asks if anyone wants to join {cue} {when}. {extra}",
        "We need two more people for {cue} {where}. {extra}",
        "Thanks to everyone who came to {cue} last week! {extra}",
        "Is {cue} {where} still on {when}?",
        "{extra} {who} will run {cue} {where} {when}.",
        "Lost and found: a blue scarf left after {cue} {where}.",
        "Don't miss {cue} {when}! {extra}",
        "Sorry everyone, {cue} {when} is cancelled.",
        "Volunteers wanted for {cue} {where} {when}. {extra}",
    ],
}

BOARD_ZH = {
    "labels": {"sport": "运动", "music": "音乐", "food": "美食", "garden": "园艺"},
    "cues": {
        "sport": [
            "五人制足球赛", "乒乓球练习", "周日晨跑", "游泳课", "羽毛球活动", "瑜伽课", "骑车郊游", "篮球赛",
            "排球比赛", "网球训练", "登山徒步", "攀岩体验", "划船比赛", "拳击课", "滑冰活动", "太极拳晨练",
            "跳绳比赛", "健身操", "拔河比赛", "武术班", "踢毽子比赛", "八段锦", "长跑训练", "柔道课", "门球赛",
        ],
        "music": [
            "合唱团排练", "吉他课", "爵士之夜", "钢琴独奏会", "管乐队排练", "开放麦", "非洲鼓课", "小提琴课",
            "卡拉OK晚会", "民谣弹唱", "弦乐四重奏音乐会", "尤克里里小组", "声乐工作坊", "青少年管弦乐团",
            "二胡班", "古筝演奏会", "口琴队", "京剧票友会", "乐队试音", "圣诞报佳音", "歌剧欣赏",
            "竖笛课", "葫芦丝班", "乐理课", "蓝调即兴",
        ],
        "food": [
            "爱心义卖烘焙", "爱心粥铺", "烹饪课", "百家宴", "烧烤", "包饺子活动", "做果酱", "披萨之夜", "咖喱晚餐",
            "烤面包课程", "野餐", "下午茶", "素食菜谱交流", "煎饼早餐", "奶酪品尝", "包粽子", "包馄饨",
            "蛋糕裱花课", "做月饼", "丰收宴", "寿司工作坊", "果汁义卖", "火锅聚餐", "给收容所做盒饭", "饼干交换",
        ],
        "garden": [
            "番茄苗移栽", "堆肥箱翻堆", "菜地开放日", "修剪月季", "种球根", "除草活动", "植树", "种子交换",
            "温室维修", "香草园整理", "割草排班", "摘苹果", "养蜂讲座", "修剪绿篱", "浇水排班", "南瓜收获", "花展",
            "菜畦翻土", "扫落叶", "清理池塘", "果园剪枝", "草莓采摘", "育苗义卖", "野花播种", "做鸟窝",
        ],
    },
    "who": [
        "张阿姨", "李老师", "王师傅", "刘大爷", "陈姐", "赵叔", "小周", "孙奶奶", "吴医生", "郑老板", "冯大哥", "小杨",
        "黄阿姨", "何老师", "林爷爷", "高姐", "马师傅", "罗阿姨", "梁叔叔", "宋老师", "唐奶奶", "许大哥", "韩姐",
        "邓叔", "曹阿姨", "彭老师", "曾大爷", "肖姐", "田师傅", "董阿姨", "袁老师", "潘大哥", "于奶奶", "蒋叔",
        "蔡姐", "余老师", "杜师傅", "叶阿姨", "程大爷", "魏老师", "居委会", "业委会", "青年志愿队", "三楼的小李",
        "五号楼的王姐", "物业小刘", "老年活动队", "社区团支部", "隔壁的方老师", "楼长老胡",
    ],
    "where": [
        "在社区活动室", "在小区花园", "在图书馆后面", "在学校体育馆", "在东门广场", "在老年活动中心", "在三号楼下",
        "在河边步道", "在旧消防站", "在体育中心", "在中心花园", "在街角咖啡馆", "在青少年宫二楼", "在儿童乐园旁边",
        "在文化站", "在榆树街", "在居委会会议室", "在地下车库入口", "在十二号楼", "在茶馆后院", "在凉亭",
        "在小学门口", "在菜市场旁边", "在菜园门口", "在河堤", "在卫生服务站", "在门球场", "在地下室",
        "在街道办", "在公交总站旁边",
    ],
    "when": [
        "周六上午", "这周日", "下周二晚上", "明天六点", "周五晚上", "每周三", "每月第一个周一", "这个周末",
        "周六十点", "下周四", "周日下午", "今晚", "周一放学后", "国庆节当天", "周五中午", "寒假期间", "十四号",
        "下个月", "明晚七点", "周六下午", "周二上班前", "隔周周日", "今天五点半", "周三晚上", "周末", "周日一早",
        "今天晚些时候", "周四中午", "两周后", "元旦那天",
    ],
    "extras": [
        "欢迎大家参加。", "完全免费。", "小朋友请由家长陪同。", "请提前报名。", "名额有限。", "下雨就改到室内。",
        "请互相转告！", "车位紧张，尽量步行过来。", "有问题在群里问。", "谢谢物业帮忙开门。", "可以带狗，请拴绳。",
        "不需要任何基础。", "现场提供茶水。", "新手特别欢迎。", "请准时到场。", "还缺几个志愿者。",
        "电梯坏了，请走楼梯。", "详情私信我。", "大概两个小时。", "无障碍通道在侧门。", "所得捐给食物银行。",
        "不见不散！", "上次大家都很开心。", "准时开始。", "九点前结束。", "欢迎带朋友来。",
        "找不到地方给张阿姨打电话。", "自愿捐款。", "材料费要交一点。", "照片下周贴在公告栏。",
    ],
    "templates": [
        "{who}{when}{where}组织{cue}。{extra}",
        "{when}的{cue}有人想参加吗？{extra}",
        "提醒：{cue}改到{when}了，地点还是{where}。",
        "{who}问有没有人想{when}一起参加{cue}。{extra}",
        "{cue}还差两个人，{when}{where}。{extra}",
        "谢谢上周来参加{cue}的邻居们！{extra}",
        "请问{when}{where}的{cue}还办吗？",
        "{extra}{who}{when}{where}负责{cue}。",
        "失物招领：{cue}结束后有人{where}落下一条蓝围巾。",
        "别错过{when}的{cue}！{extra}",
        "{who}说{when}的{cue}取消了，抱歉。",
        "{cue}招志愿者，{when}{where}。{extra}",
    ],
}

# --- the building manager's inbox ---------------------------------------------------------

REPAIRS_EN = {
    "labels": {"repair": "repair", "payment": "payment", "noise": "noise", "emergency": "emergency"},
    "problems": {
        "repair": [
            "the kitchen tap keeps dripping", "the lift has been out of order since Monday",
            "a light in the stairwell is broken", "my bedroom window will not close properly",
            "the radiator in the living room stays cold", "the front door lock sticks",
            "there is damp on the bathroom ceiling", "the shower drain is slow", "the intercom does not ring",
            "a tile has come off the bathroom wall", "the extractor fan makes a grinding sound",
            "the letterbox flap is broken", "there is a small leak under the sink",
            "the hallway carpet is torn", "the toilet keeps running", "the bin store door is off its hinge",
            "the smoke alarm battery is beeping", "the balcony door is hard to open",
            "the oven light has gone", "the handrail on the stairs is loose",
            "a socket in the kitchen stopped working", "the cupboard door fell off",
            "the boiler pressure keeps dropping", "the gate to the courtyard does not lock",
            "there is a crack in the window pane", "the gas meter cupboard door will not close",
            "the smoke alarm in the hall needs a new battery", "water drips from the ceiling when it rains hard",
            "the lift sometimes stops a little below the floor", "the fire door on the landing does not shut",
            "the light in the lift flickers", "the heating comes on an hour late", "the fuse box cover is cracked",
            "the balcony drain is blocked with leaves", "the glass in the front door is scratched",
        ],
        "payment": [
            "the rent was taken twice this month", "I need a receipt for last month's rent",
            "I would like to pay the service charge in two parts", "my deposit has still not been returned",
            "my direct debit failed and I want to pay another way", "the invoice shows the wrong flat number",
            "I was charged a late fee although I paid on time", "I would like to set up a standing order",
            "please send me a statement for the year", "the parking permit fee went up without notice",
            "I overpaid and would like a refund", "I am struggling to pay this month and need a plan",
            "I do not know which account number to use for the rent", "the water bill seems far too high",
            "I have not received this quarter's invoice", "I would like to pay by card at the office",
            "my housing benefit has changed the amount I owe", "the new tenancy says a different rent",
            "I do not understand why a cleaning charge was added", "please confirm that you got my payment",
            "I want to pay the arrears in one go", "the receipt has my old name on it",
            "the service charge breakdown does not add up", "I would like the rent date moved to the 15th",
            "the bank says my payment was returned",
        ],
        "noise": [
            "there is loud music from flat 12 every night", "the dog next door barks all day",
            "someone has been drilling early on Sunday mornings", "the party upstairs went on until 3am",
            "the neighbours shout on the landing late at night", "a car alarm goes off in the car park every night",
            "the people below play the drums in the evening", "there is banging on the wall after midnight",
            "the TV next door is so loud I can hear every word", "children run up and down the corridor at night",
            "the washing machine upstairs runs at 2am", "the bar downstairs plays music until late",
            "someone revs a motorbike under my window", "the builders start at 6 in the morning",
            "the flat above stomps around all night", "there is shouting in the courtyard at weekends",
            "a neighbour plays video games with the sound up all night",
            "the extractor on the restaurant roof hums all night", "people slam the main door at night",
            "the karaoke next door goes on past midnight", "the upstairs neighbours move furniture at night",
            "a radio is left on loud in the empty flat", "the rooftop gathering was very loud",
            "the delivery vans idle with loud music at dawn", "a parrot screams on the balcony every morning",
        ],
        "emergency": [
            "I can smell gas in the hallway", "water is pouring through my ceiling right now",
            "there is smoke coming from the bin room", "sparks are coming out of the kitchen socket",
            "someone is stuck in the lift and cannot get out", "the front door of the building has been forced open",
            "part of the bathroom ceiling has fallen in", "the electric heater caught fire",
            "a pipe has burst and the stairwell is flooding", "the carbon monoxide alarm is going off",
            "there is a burning smell from the fuse box", "the balcony railing has come away",
            "live wires are hanging out of the hallway light", "water is coming through the light fitting",
            "the fire alarm is sounding and there is smoke on the landing",
            "my elderly neighbour has no heating and is very cold tonight",
            "the lift dropped suddenly with people inside", "the whole building has no power and the lift is stuck",
            "a window has shattered and glass is on the pavement", "there is a gas smell near the boiler",
            "the ceiling light is full of water and crackling", "a neighbour has fallen on the stairs and cannot get up",
            "the stairwell is full of smoke", "a child is locked in the flat alone", "the gas hob will not turn off",
            "water is running down the walls of the lift shaft", "the boiler is making a loud bang and leaking",
            "flames are coming from the balcony below", "the bathroom is flooding and water is reaching the sockets",
            "a large piece of the facade has fallen into the courtyard",
        ],
    },
    "openers": [
        "Hello,", "Hi,", "Good morning,", "Dear manager,", "Hi, this is flat 7.", "Hello from flat 21.",
        "Excuse me,", "Hi there,", "Good evening,", "Hello, I live on the third floor.", "Sorry to bother you,",
        "Hi, it's Mrs Ahmed from number 9.", "Hello again,", "Quick message:", "Tenant in flat 3B here.",
        "Flat 14, second floor.", "Hi, block B here.", "Hello, this is the top floor flat.",
    ],
    "closers": [
        "Thanks.", "Please let me know.", "When can someone come?", "Thank you for your help.",
        "I am at home all day.", "Can you call me back?", "Many thanks.", "Please reply when you can.",
        "I have attached a photo.", "Is this something you can sort out?", "Regards.",
        "My number is on file.", "I would be grateful for a quick answer.", "Cheers.", "Thanks in advance.",
    ],
    "templates": ["{opener} {problem}. {closer}", "{opener} just to say {problem}. {closer}",
                  "{problem}. {closer}", "{opener} {problem}."],
}

REPAIRS_ZH = {
    "labels": {"repair": "报修", "payment": "缴费", "noise": "噪音", "emergency": "紧急"},
    "problems": {
        "repair": [
            "厨房水龙头一直滴水", "电梯从周一起就停用了", "楼道里有盏灯坏了", "卧室窗户关不严", "客厅暖气片不热",
            "大门的锁有点卡", "卫生间天花板发霉了", "淋浴下水很慢", "楼宇对讲机不响", "卫生间墙上掉了一块瓷砖",
            "抽油烟机有摩擦的响声", "信箱的盖子坏了", "水槽下面有点渗水", "走廊地毯破了", "马桶一直在流水",
            "垃圾房的门掉下来了", "烟雾报警器电池没电一直在叫", "阳台门很难打开", "烤箱的灯不亮了",
            "楼梯扶手松了", "厨房一个插座没电了", "橱柜门掉了", "热水器水压老是掉", "院子的铁门锁不上",
            "窗玻璃上有一道裂缝", "煤气表箱的门关不上", "走廊的烟雾报警器要换电池", "下大雨时天花板会滴水",
            "电梯有时停得比楼面低一点", "楼道的防火门关不严", "电梯里的灯一闪一闪", "暖气总是晚一个小时才来",
            "电闸箱的盖子裂了", "阳台下水口被落叶堵了", "单元门的玻璃被划花了",
        ],
        "payment": [
            "这个月房租被扣了两次", "我需要上个月房租的收据", "物业费可以分两次交吗", "押金到现在还没退",
            "自动扣款失败了，想换个方式交", "账单上的房号写错了", "我按时交了却被收了滞纳金", "怎么设置定期转账",
            "能给我寄一份全年的对账单吗", "停车费没通知就涨了", "我多交了钱，想退回来", "这个月手头紧，想分期交",
            "房租应该转到哪个账号", "水费好像高得离谱", "这个季度的账单我还没收到", "可以在物业办公室刷卡交费吗",
            "我的住房补贴变了，要交的钱也变了", "新合同上的租金不一样", "为什么多了一笔保洁费", "请确认收到我的付款",
            "欠的费用我想一次交清", "收据上还是我以前的名字", "物业费明细加起来对不上", "交租日能改到十五号吗",
            "银行说付款被退回了",
        ],
        "noise": [
            "十二号房每天晚上放音乐很吵", "隔壁的狗整天叫", "有人周日一大早就在电钻", "楼上聚会一直闹到凌晨三点",
            "邻居半夜在楼道里大声吵架", "停车场的汽车警报每晚都响", "楼下晚上打架子鼓", "半夜有人砸墙",
            "隔壁电视声音大得每个字都听得见", "孩子们晚上在走廊里跑来跑去", "楼上凌晨两点开洗衣机",
            "楼下的酒吧放音乐放到很晚", "有人在我窗下轰摩托车油门", "装修工人早上六点就开工",
            "楼上整夜走来走去咚咚响", "周末院子里总有人大喊大叫", "邻居整夜开着外放打游戏",
            "饭店屋顶的排风机整夜嗡嗡响", "晚上总有人使劲摔单元门", "隔壁唱卡拉OK过了半夜还不停",
            "楼上半夜挪家具", "空房子里的收音机开得很响", "天台上的聚会特别吵", "送货车天不亮就停着放音乐",
            "阳台上的鹦鹉每天早上尖叫",
        ],
        "emergency": [
            "楼道里有很大的煤气味", "水正从我家天花板往下灌", "垃圾房在冒烟", "厨房插座在冒火花",
            "有人被困在电梯里出不来", "单元大门被人撬开了", "卫生间天花板塌下来一块", "电暖器着火了",
            "水管爆了，楼梯间在淹水", "一氧化碳报警器在响", "电闸箱有烧焦的味道", "阳台栏杆松脱了",
            "走廊灯那里有电线裸露在外面", "水从灯座里流出来", "火警铃在响，楼道里有烟",
            "隔壁老人家里没暖气，今晚冻得厉害", "电梯突然往下掉，里面有人", "整栋楼停电，电梯卡住了",
            "窗户碎了，玻璃掉在人行道上", "热水器旁边有煤气味",
            "吸顶灯里积满了水，还在噼啪响", "邻居在楼梯上摔倒了起不来", "楼梯间里全是烟", "有个小孩被一个人锁在家里",
            "煤气灶关不掉了", "电梯井的墙上在往下流水", "热水器砰的一声响，还在漏水", "楼下阳台在冒火苗",
            "卫生间淹水了，水快漫到插座了", "外墙掉下来一大块砸在院子里",
        ],
    },
    "openers": ["您好，", "你好，", "早上好，", "物业您好，", "我是七号房的，", "二十一号房的住户，", "打扰一下，",
                "晚上好，", "我住三楼，", "不好意思麻烦您，", "我是九号的阿米娜，", "又是我，", "说个事，",
                "三B的租户，", "师傅好，", "十四号房，二楼，", "B栋这边，", "顶楼住户，"],
    "closers": ["谢谢。", "请回复我。", "什么时候能来人？", "谢谢帮忙。", "我一整天都在家。", "能给我回个电话吗？",
                "多谢。", "方便时回复。", "照片附上了。", "这个能处理一下吗？", "辛苦了。", "电话物业有登记。",
                "希望尽快答复。", "麻烦了。", "先谢谢了。"],
    "templates": ["{opener}{problem}。{closer}", "{opener}跟您说一下，{problem}。{closer}", "{problem}。{closer}",
                  "{opener}{problem}。"],
}


# --- generators -------------------------------------------------------------------------


def board_texts(vocab: dict, cues_per_topic: int, per_topic: int, rng: random.Random) -> list[tuple[str, str]]:
    """``per_topic`` distinct notes per topic, correctly labelled, built from the first
    ``cues_per_topic`` cue phrases of each topic (fewer cues: each is seen more often)."""
    notes = []
    for topic, cues in vocab["cues"].items():
        made: set[str] = set()
        while len(made) < per_topic:
            text = rng.choice(vocab["templates"]).format(
                who=rng.choice(vocab["who"]), where=rng.choice(vocab["where"]), when=rng.choice(vocab["when"]),
                cue=rng.choice(cues[:cues_per_topic]), extra=rng.choice(vocab["extras"]))
            made.add(_sentence_case(text))
        notes += [(text, topic) for text in sorted(made)]
    rng.shuffle(notes)
    return notes


def mislabel(notes: list[tuple[str, str]], share: float, topics: list[str], rng: random.Random) -> list[tuple[str, str]]:
    """Give exactly ``share`` of the notes another topic, chosen at random: a hurried volunteer's filing."""
    wrong = set(rng.sample(range(len(notes)), round(share * len(notes))))
    return [(text, rng.choice([t for t in topics if t != topic]) if i in wrong else topic)
            for i, (text, topic) in enumerate(notes)]


def repairs_texts(vocab: dict, counts: dict[str, int], rng: random.Random) -> list[tuple[str, str]]:
    messages = []
    for label, count in counts.items():
        made: set[str] = set()
        while len(made) < count:
            text = rng.choice(vocab["templates"]).format(
                opener=rng.choice(vocab["openers"]), problem=rng.choice(vocab["problems"][label]),
                closer=rng.choice(vocab["closers"]))
            made.add(_sentence_case(text))
        messages += [(text, label) for text in sorted(made)]
    rng.shuffle(messages)
    return messages


def _sentence_case(text: str) -> str:
    """One space between words, and a capital letter at the start of every sentence."""
    text = " ".join(text.split())
    return re.sub(r"(^|[.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def labelled(rows: list[tuple[str, str]], vocab: dict) -> list[tuple[str, str]]:
    return [(text, vocab["labels"][label]) for text, label in rows]


def write(path: Path, rows: list[tuple[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(("text", "label"))
        writer.writerows(rows)


# --- the files --------------------------------------------------------------------------

NOISY_CUES = 6  # cue phrases per topic in the overfitting files
NOISY_SPLIT = {"train": 400, "validation": 240, "test": 200}  # notes per file
NOISY_SHARE = 0.3  # share of wrongly filed notes in the training file
BOARD_CUES, BOARD_ROWS, BOARD_NOISE = 25, 800, 0.05
REPAIRS_COUNTS = {"repair": 500, "payment": 500, "noise": 500, "emergency": 45}


def files() -> dict[str, list[tuple[str, str]]]:
    out = {}
    for seed, (language, board, repairs) in enumerate((("en", BOARD_EN, REPAIRS_EN), ("zh", BOARD_ZH, REPAIRS_ZH))):
        rng = random.Random(100 + seed)
        topics = list(board["cues"])
        # One pool of distinct notes, cut in three, so that no note is in two files.
        pool = board_texts(board, NOISY_CUES, sum(NOISY_SPLIT.values()) // len(topics), rng)
        train, rest = pool[:NOISY_SPLIT["train"]], pool[NOISY_SPLIT["train"]:]
        validation, test = rest[:NOISY_SPLIT["validation"]], rest[NOISY_SPLIT["validation"]:]
        out[f"noticeboard_noisy_train_{language}.csv"] = labelled(mislabel(train, NOISY_SHARE, topics, rng), board)
        out[f"noticeboard_checked_validation_{language}.csv"] = labelled(validation, board)
        out[f"noticeboard_checked_test_{language}.csv"] = labelled(test, board)
        notes = board_texts(board, BOARD_CUES, BOARD_ROWS // len(topics), rng)
        out[f"noticeboard_{language}.csv"] = labelled(mislabel(notes, BOARD_NOISE, topics, rng), board)
        out[f"repairs_{language}.csv"] = labelled(repairs_texts(repairs, REPAIRS_COUNTS, rng), repairs)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write the CSV files to")
    args = parser.parse_args()
    for name, rows in files().items():
        write(args.out / name, rows)
        print(f"{name}: {len(rows)} rows")


if __name__ == "__main__":
    main()
