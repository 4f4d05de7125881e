"""Write core/data/common_passwords.txt: the common passwords the credential policy refuses.

Run ``.venv/bin/python scripts/common_passwords.py`` after changing the word lists below; commit the output.
The list is put together from what every public "most used passwords" ranking has at its top (international
and Vietnamese), keyboard walks, digit patterns, and the usual mutations of the commonest words (a capital,
digits, a year, ``!`` or ``@``). ``core.credentials`` also folds case, diacritics, separators and
letter-for-symbol swaps, and strips digits around a word, so the list need not spell every variant.
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "core" / "data" / "common_passwords.txt"

#: The top of the public rankings (international).
TOP = """
123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123 football monkey
letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael 654321 superman 1qaz2wsx 7777777
121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter buster soccer harley batman andrew
tigger sunshine iloveyou 2000 charlie robert thomas hockey ranger daniel starwars klaster 112233 george computer
michelle jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa ginger princess
joshua cheese amanda summer love ashley nicole chelsea biteme matthew access yankees 987654321 dallas austin thunder
taylor matrix william corvette hello martin heather secret merlin diamond 1234qwer gfhjkm hammer silver 222222
88888888 anthony justin test bailey q1w2e3r4t5 patrick internet scooter orange 11111 golfer cookie richard samantha
bigdog guitar jackson whatever mickey chicken sparky snoopy maverick phoenix camaro peanut morgan welcome falcon
cowboy ferrari samsung andrea smokey steelers joseph mercedes dakota arsenal eagles melissa boomer booboo spider
nascar monster tigers yellow xxxxxx 123123123 gateway marina diablo bulldog qwer1234 compaq purple hardcore banana
junior hannah 123654 porsche lakers iceman money cowboys 987654 london tennis 999999 ncc1701 coffee scooby 0000
miller boston q1w2e3r4 brandon yamaha chester mother forever johnny edward 333333 oliver redsox player nikita knight
fender barney midnight please brandy chicago badboy slayer rangers charles angel flower bigdaddy rabbit wizard
bigdick jasper enter rachel chris 7777 winter pussy victoria lovers hunting apple maddog bond007 passw0rd p@ssw0rd
p@ssword pa55word passwort motdepasse contrasena senha parola salasana wachtwoord hasło haslo sifre jelszo heslo
admin administrator root toor guest user demo default changeme changeit letmein1 welcome1 password1 password12
password123 password1234 qwerty123 qwerty1234 qwerty12345 qwertyui azerty azertyuiop qwertz qwertzuiop 1q2w3e4r
1q2w3e4r5t 1q2w3e4r5t6y 1q2w3e 1qaz2wsx3edc zaq12wsx zaq1zaq1 zaq1xsw2 1qazxsw2 qazwsxedc qweasdzxc qweasd
asdfghjkl asdfghjk asdfasdf asdf1234 zxcv1234 zxcvbnm123 poiuytrewq lkjhgfdsa mnbvcxz abcdef abcdefg abcdefgh
abcdefghi abcdefghij abcd1234 abc12345 abc123456 a123456 a1234567 a12345678 a123456789 aa123456 aa12345678
qwe123 qwe123456 123qweasd 123qweasdzxc 1qaz!qaz !qaz2wsx 12qwaszx 1234abcd 12345a 123456a 1234567a 12345678a
123456789a 123abc 1a2b3c 1a2b3c4d a1b2c3 a1b2c3d4 iloveyou1 iloveyou2 iloveu loveyou lovely loveme ilovegod
princess1 sunshine1 football1 baseball1 monkey1 dragon1 shadow1 master1 superman1 batman1 michael1 jordan23
jordan1 charlie1 ashley1 jessica1 nicole1 daniel1 hello123 hello1234 helloworld welcome123 letmein123 admin1
admin12 admin123 admin1234 admin12345 admin123456 admin@123 administrator1 root123 root1234 test123 test1234
test12345 testing testing123 guest123 user123 user1234 demo123 pass123 pass1234 passpass password01 password2
password3 secret1 secret123 trustno1 starwars1 pokemon pokemon1 minecraft fortnite roblox google facebook youtube
whatsapp instagram twitter tiktok linkedin microsoft windows apple123 samsung1 nokia iphone android linux ubuntu
oracle mysql postgres sqlserver server network router modem wifi wireless internet1 computer1 laptop desktop
system system1 security secure1 private public office office1 company business manager support service
customer sales marketing finance account accounting 1password onepassword lastpass keepass bitwarden
""".split()

#: Vietnamese: the words and phrases people in Vietnam use most, without diacritics (the policy folds them).
VIETNAMESE = """
matkhau matkhau1 matkhau12 matkhau123 matkhau1234 matkhau12345 matkhau123456 matkhaumoi matkhaucu quenmatkhau
doimatkhau matkhaucuatoi matkhaukhongdoi anhyeuem emyeuanh yeuem yeuanh toiyeuem toiyeuanh anhyeuemnhieu
emyeuanhnhieu yeuemnhieu yeuanhnhieu yeuemmaimai yeuanhmaimai maimaiyeuem maimaiyeuanh yeunhau yeuthuong
tinhyeu tinhyeucuatoi nguoiyeu nguoiyeucu vodoi chongyeu voiyeu vochong giadinh hanhphuc giadinhhanhphuc
bame bome mevacon conyeu conyeume yeume yeuba yeubame thuongem thuonganh nhoem nhoanh doiem doianh
xinchao chaoban tambiet camon khongbiet khongco khongnho batkhaxam vietnam vietnam1 vietnam123 vietnamvodich
vietnamoi toilanguoivietnam hanoi hanoi123 saigon saigon123 hochiminh tphcm hcmc danang haiphong cantho hue
nhatrang dalat vungtau quangninh halong nghean thanhhoa namdinh thaibinh bacninh haiduong hungyen vinhphuc
phutho thainguyen langson caobang laocai yenbai dienbien sonla hoabinh ninhbinh hanam quangbinh quangtri
quangnam quangngai binhdinh phuyen khanhhoa ninhthuan binhthuan kontum gialai daklak daknong lamdong binhphuoc
tayninh binhduong dongnai longan tiengiang bentre travinh vinhlong dongthap angiang kiengiang haugiang soctrang
baclieu camau quantri quantrivien quantri123 admin2024 nhanvien nhanvien1 nhanvien123 canbo congchuc vienchuc
hanhchinh hanhchinhcong motcua motcualienthong dichvucong ubnd ubndxa ubndphuong ubndhuyen ubndtinh
tiepnhan tiepnhanhoso hoso hoso123 kiosk kiosk123 quaytiepnhan buudien vnpt viettel mobifone vinaphone fpt
cmnd cccd cancuoc congdan congan bodoi quandoi chiensi anhhung tonquoc doclap tudo hanhphuc123 dangcongsan
bacho hochiminh123 nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly trinh dinh truong
mai lam luong ta doan chu cao ha thai tang kieu quach lai
nguyenvana nguyenvanb nguyenthib nguyenvanan nguyenthianh tranvana tranthib levana lethib phamvana phamthib
anh linh trang huong hoa lan mai ngoc thao thu hang hanh nhung phuong quynh yen van vy nhi ngan giang ha tram
uyen chau dung tuan hung minh nam long hai son duc thanh trung quang khanh hieu huy dat phong cuong thang vinh
binh tam tien loc phuc an bao khoa kien hoang lam nghia nhat phat quoc tai thinh toan tri tu viet
conmeo concho conheo conga convit conca conchim concop consutu conran conrong meomeo gaugau heocon mimi miu
kitty cun cuncon bongbong bong bi bin bo be bee bum tit ti teo ken kem kun na nana susu suri sushi
thienthan ngoisao mattroi mattrang bautroi bienxanh biendep hoahong hoacuc hoamai hoadao hoasen congchua
hoangtu hoanghau nuhoang sieunhan nguoinhen ngaymai homnay hocsinh sinhvien giaovien bacsi kysu luatsu
bongda manutd manchester arsenal chelsea liverpool barcelona realmadrid juventus messi ronaldo neymar
quanghai congphuong vanhau hagl viettelfc hanoifc vodich chienthang thanhcong thanhdat giaucoluong phattai
phatloc tailoc loctai may man mayman maiman songmai
""".split()

#: Digit passwords people pick (phone-like, repeated, keypad, years).
DIGITS = """
1234567890 0123456789 9876543210 0987654321 1111111111 0000000000 2222222222 3333333333 4444444444 5555555555
6666666666 7777777777 8888888888 9999999999 1212121212 1231231231 1122334455 1234512345 1234554321 1357924680
2468013579 123456789 987654321 147258369 159357 147852369 741852963 963852741 123123123 12341234 112233445566
12344321 123456123456 147147147 123698745 789456123 321654987 159753456 456789123 1029384756 1357913579
2468024680 0912345678 0987654321 0123456789 0901234567 0981234567 1900561252 1800599920 10101010 1010101010
20202020 2020202020 11223344 1122334455 111222333 111222333444 123321123 1234567899 1234567891 12345678910
11111111111 123123123123 999999999 888888888 777777777 666666666 555555555 444444444 333333333 222222222
111111111 000000000 101010 202020 1314520 5201314 520520 520520520 1314521 5211314 741852 963852 258456
""".split()

#: Words whose obvious mutations (Capital, digits, year, ! and @) are listed too.
MUTATED = TOP[:120] + VIETNAMESE[:60]
SUFFIXES = ["1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789", "!", "@", "@123",
            "123!", "123@", "01", "99", "2020", "2021", "2022", "2023", "2024", "2025", "2026", "@2024", "@2025"]


def words() -> list[str]:
    """Every listed password, lower-case, in a stable order without repeats."""
    out: dict[str, None] = {}
    for word in TOP + VIETNAMESE + DIGITS:
        out.setdefault(word.lower(), None)
    for word in MUTATED:
        for suffix in SUFFIXES:
            out.setdefault(f"{word.lower()}{suffix}", None)
    return list(out)


def main() -> None:
    """Write the list (one password a line, UTF-8)."""
    items = words()
    header = ("# Common passwords refused by core.credentials (generated by scripts/common_passwords.py).\n"
              "# One a line, lower case; lines starting with # are comments.\n")
    OUT.write_text(header + "\n".join(items) + "\n", encoding="utf-8")
    print(f"{len(items)} passwords -> {OUT}")


if __name__ == "__main__":
    main()
