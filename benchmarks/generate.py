"""Synthetic one-stop data for the performance benchmark of ``compliance``.

Writes one reporting month of a Đắk Lắk-like province into a folder::

    python benchmarks/generate.py --cases 250000 --format csv --out /tmp/bench [--seed 1] [--period 2020-05]

The folder then holds

* ``config.yaml`` (CONTRACT section 3): organisation, ``period.cutoff_day: 15``, relative input
  paths, ``outputs.dir: out`` and about 200 units (20 province-level agencies, 15 districts and
  their communes), each with an id slug, a level, a parent and a unit code ``000.00.20.H16``;
  no ``website:`` blocks (the benchmark runs ``--no-web``);
* ``data/cases-<period>.csv`` or ``.xlsx``: the case export with the real Vietnamese headers
  (dates as ``dd/mm/yyyy HH:MM:SS`` text in the CSV, real Excel datetimes below three title rows
  in the XLSX);
* ``data/so-xin-loi.csv``: the apology register (UTF-8 with BOM) with letters for about 80 % of
  the late cases, some issued after the deadline, some never posted at the desk.

The month is realistic in shape: most cases are received inside the period, about 5 % were
received in the month before and carried over; about 85 % are resolved (mostly early or on
time), about 0.1 % are late (resolved after the due time, or still open past it), about 0.2 %
are refused or withdrawn, and the rest are pending and not yet due. Due dates are a few working
days after receipt (weekends skipped, holidays ignored).

Every column is built with numpy / pyarrow vector operations (no Python loop over cases), so a
million cases take seconds; the XLSX is streamed with xlsxwriter's ``constant_memory`` mode
(openpyxl write-only as a fallback). The output depends only on the arguments: the same seed
gives byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml

PROVINCE = "Đắk Lắk"
PROVINCE_CODE = "H16"

CASE_HEADERS = [
    "STT",
    "Mã hồ sơ",
    "Đơn vị giải quyết",
    "Cấp",
    "Lĩnh vực",
    "Tên thủ tục hành chính",
    "Chủ hồ sơ",
    "Hình thức nộp",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày có kết quả",
    "Ngày trả kết quả",
    "Trạng thái",
]
DATE_HEADERS = ["Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả", "Ngày trả kết quả"]
LETTER_HEADERS = [
    "Mã hồ sơ",
    "Số văn bản",
    "Chủ hồ sơ",
    "Ngày xin lỗi",
    "Đơn vị",
    "Lý do",
    "Ngày hẹn lại",
    "Ngày niêm yết",
    "Đường dẫn đăng tải",
]
LEVEL_LABELS = {"province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã"}

#: share of the cases (approximate targets of the generated month)
CARRIED_SHARE = 0.05
RESOLVED_SHARE = 0.85
LATE_SHARE = 0.001
REFUSED_SHARE = 0.002
LETTER_SHARE = 0.80


@dataclass(frozen=True)
class Shape:
    """How a generated month arrives: how many files, how dates are written, how much is late."""

    name: str
    files: int  # the month's cases split into this many CSV files, in order of receipt
    date_format: str  # strftime format of the CSV's date-time cells
    late_share: float
    resolved_share: float
    distinct_names: bool  # every applicant's name different (else drawn from a small pool)


#: ``basic``: one file, ``dd/mm/yyyy HH:MM:SS`` text, 0.1 % late, a pool of repeated names.
#: ``real``: what months look like when they arrive from a portal: 4 files (exports are capped,
#: so a month is exported in parts), ISO 8601 date-times with the ``+07:00`` offset, 0.5 % late,
#: about 95 % resolved, and applicant names nearly all distinct (a running number after each).
SHAPES = {
    "basic": Shape("basic", 1, "%d/%m/%Y %H:%M:%S", LATE_SHARE, RESOLVED_SHARE, False),
    "real": Shape("real", 4, "%Y-%m-%dT%H:%M:%S+07:00", 0.005, 0.95, True),
}

# --------------------------------------------------------------------------------------------
# Reference data: agencies, districts, communes, procedures, names
# --------------------------------------------------------------------------------------------

# (sector, procedure, processing time in working days (0 = same day), relative weight)
Procedure = tuple[str, str, int, float]

DEPARTMENTS: list[tuple[str, list[Procedure]]] = [
    (
        "Sở Tư pháp",
        [
            (
                "Lý lịch tư pháp",
                "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
                10,
                6,
            ),
            ("Luật sư", "Đăng ký hoạt động của tổ chức hành nghề luật sư", 7, 1),
            ("Công chứng", "Đăng ký hành nghề và cấp Thẻ công chứng viên", 10, 1),
            ("Hộ tịch", "Đăng ký lại việc nuôi con nuôi có yếu tố nước ngoài", 5, 0.5),
        ],
    ),
    (
        "Sở Kế hoạch và Đầu tư",
        [
            ("Đăng ký kinh doanh", "Đăng ký thành lập doanh nghiệp tư nhân", 3, 3),
            ("Đăng ký kinh doanh", "Đăng ký thành lập công ty TNHH một thành viên", 3, 3),
            ("Đăng ký kinh doanh", "Đăng ký thay đổi nội dung đăng ký doanh nghiệp", 3, 5),
            ("Đăng ký kinh doanh", "Thông báo thay đổi nội dung đăng ký doanh nghiệp", 3, 3),
            ("Đầu tư tại Việt Nam", "Điều chỉnh Giấy chứng nhận đăng ký đầu tư", 10, 0.5),
        ],
    ),
    (
        "Sở Tài chính",
        [
            ("Quản lý giá", "Đăng ký giá của các doanh nghiệp thuộc phạm vi cấp tỉnh", 5, 1),
            ("Tin học - Thống kê", "Đăng ký mã số đơn vị có quan hệ với ngân sách", 2, 2),
        ],
    ),
    (
        "Sở Xây dựng",
        [
            ("Xây dựng", "Cấp giấy phép xây dựng mới đối với công trình cấp II, cấp III", 20, 1),
            ("Xây dựng", "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III", 20, 1),
            ("Nhà ở", "Thẩm định giá bán, thuê mua, thuê nhà ở xã hội", 20, 0.3),
        ],
    ),
    (
        "Sở Tài nguyên và Môi trường",
        [
            (
                "Đất đai",
                "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
                10,
                8,
            ),
            (
                "Đất đai",
                "Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất",
                7,
                4,
            ),
            ("Đất đai", "Xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất", 1, 5),
            ("Môi trường", "Thẩm định, phê duyệt báo cáo đánh giá tác động môi trường", 30, 0.2),
        ],
    ),
    (
        "Sở Giao thông vận tải",
        [
            ("Đường bộ", "Đổi Giấy phép lái xe do ngành Giao thông vận tải cấp", 5, 6),
            ("Đường bộ", "Cấp Giấy phép kinh doanh vận tải bằng xe ô tô", 5, 1),
            ("Đường bộ", "Cấp phù hiệu xe ô tô kinh doanh vận tải", 2, 2),
        ],
    ),
    (
        "Sở Công Thương",
        [
            ("Lưu thông hàng hóa trong nước", "Cấp Giấy phép bán lẻ sản phẩm rượu", 10, 1),
            (
                "An toàn thực phẩm",
                "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
                20,
                1,
            ),
            ("Điện", "Cấp giấy phép hoạt động phân phối điện", 15, 0.2),
        ],
    ),
    (
        "Sở Nông nghiệp và Phát triển nông thôn",
        [
            (
                "Thú y",
                "Cấp Giấy chứng nhận kiểm dịch động vật vận chuyển ra khỏi địa bàn cấp tỉnh",
                1,
                3,
            ),
            ("Trồng trọt", "Cấp Giấy chứng nhận đủ điều kiện buôn bán phân bón", 15, 1),
            ("Lâm nghiệp", "Phê duyệt phương án khai thác gỗ rừng trồng", 10, 0.5),
        ],
    ),
    (
        "Sở Lao động - Thương binh và Xã hội",
        [
            ("Việc làm", "Giải quyết hưởng trợ cấp thất nghiệp", 20, 3),
            ("Người có công", "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ", 12, 1),
            (
                "Giáo dục nghề nghiệp",
                "Cấp giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp",
                10,
                0.3,
            ),
        ],
    ),
    (
        "Sở Y tế",
        [
            ("Dược phẩm", "Cấp Chứng chỉ hành nghề dược", 20, 1),
            (
                "Khám bệnh, chữa bệnh",
                "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh đối với người Việt Nam",
                30,
                1,
            ),
            (
                "An toàn thực phẩm và dinh dưỡng",
                "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
                20,
                0.5,
            ),
        ],
    ),
    (
        "Sở Giáo dục và Đào tạo",
        [
            ("Văn bằng, chứng chỉ", "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", 1, 3),
            ("Văn bằng, chứng chỉ", "Chỉnh sửa nội dung văn bằng, chứng chỉ", 5, 1),
            (
                "Giáo dục và Đào tạo",
                "Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục",
                20,
                0.3,
            ),
        ],
    ),
    (
        "Sở Văn hóa, Thể thao và Du lịch",
        [
            ("Du lịch", "Cấp thẻ hướng dẫn viên du lịch nội địa", 10, 1),
            ("Nghệ thuật biểu diễn", "Cấp giấy phép tổ chức biểu diễn nghệ thuật", 5, 1),
            (
                "Thể dục thể thao",
                "Cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao",
                7,
                0.5,
            ),
        ],
    ),
    (
        "Sở Thông tin và Truyền thông",
        [
            ("Báo chí", "Cấp giấy phép xuất bản bản tin", 15, 1),
            ("Xuất bản, In và Phát hành", "Cấp giấy phép hoạt động in", 10, 1),
        ],
    ),
    (
        "Sở Khoa học và Công nghệ",
        [
            (
                "Hoạt động khoa học và công nghệ",
                "Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
                15,
                1,
            ),
            (
                "Tiêu chuẩn đo lường chất lượng",
                "Đăng ký công bố hợp chuẩn dựa trên kết quả tự đánh giá",
                5,
                1,
            ),
        ],
    ),
    (
        "Sở Nội vụ",
        [
            ("Tôn giáo", "Đăng ký thuyên chuyển chức sắc, chức việc, nhà tu hành", 7, 1),
            ("Thi đua, khen thưởng", "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh", 20, 1),
            ("Văn thư và Lưu trữ", "Cấp bản sao và chứng thực tài liệu lưu trữ", 2, 1),
        ],
    ),
    (
        "Sở Ngoại vụ",
        [
            ("Ngoại vụ", "Cho phép tổ chức hội nghị, hội thảo quốc tế", 10, 1),
        ],
    ),
    (
        "Ban Dân tộc tỉnh",
        [
            (
                "Công tác dân tộc",
                "Công nhận người có uy tín trong đồng bào dân tộc thiểu số",
                10,
                1,
            ),
        ],
    ),
    (
        "Ban Quản lý các khu công nghiệp tỉnh",
        [
            (
                "Đầu tư tại Việt Nam",
                "Cấp Giấy chứng nhận đăng ký đầu tư cho dự án trong khu công nghiệp",
                15,
                1,
            ),
            (
                "Lao động",
                "Cấp giấy phép lao động cho người nước ngoài làm việc trong khu công nghiệp",
                5,
                1,
            ),
        ],
    ),
    (
        "Thanh tra tỉnh",
        [
            ("Tiếp công dân", "Thủ tục tiếp công dân tại cấp tỉnh", 1, 1),
            ("Giải quyết khiếu nại", "Giải quyết khiếu nại lần hai tại cấp tỉnh", 30, 0.3),
        ],
    ),
    (
        "Ngân hàng Nhà nước Việt Nam chi nhánh Đắk Lắk",
        [
            (
                "Thiết lập mạng lưới hoạt động ngân hàng",
                "Chấp thuận mở chi nhánh, phòng giao dịch của quỹ tín dụng nhân dân",
                20,
                1,
            ),
            ("Hoạt động ngoại hối", "Cấp Giấy chứng nhận đăng ký đại lý đổi ngoại tệ", 10, 1),
        ],
    ),
]

DISTRICT_PROCEDURES: list[Procedure] = [
    ("Hộ tịch", "Đăng ký khai sinh có yếu tố nước ngoài", 15, 0.3),
    ("Hộ tịch", "Thay đổi, cải chính, bổ sung hộ tịch, xác định lại dân tộc", 3, 1),
    (
        "Chứng thực",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của nước ngoài cấp",
        0,
        3,
    ),
    ("Đăng ký kinh doanh", "Đăng ký thành lập hộ kinh doanh", 3, 4),
    ("Đăng ký kinh doanh", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", 3, 2),
    ("Đất đai", "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu", 30, 2),
    (
        "Đất đai",
        "Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền",
        15,
        2,
    ),
    ("Xây dựng", "Cấp giấy phép xây dựng nhà ở riêng lẻ", 15, 2),
    ("Tư pháp", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản", 2, 1),
    ("Giáo dục và Đào tạo", "Chuyển trường đối với học sinh trung học cơ sở", 3, 1),
    ("Lưu thông hàng hóa trong nước", "Cấp Giấy phép bán lẻ rượu", 10, 0.5),
]

COMMUNE_PROCEDURES: list[Procedure] = [
    ("Hộ tịch", "Đăng ký khai sinh", 0, 6),
    ("Hộ tịch", "Đăng ký kết hôn", 0, 2),
    ("Hộ tịch", "Đăng ký khai tử", 0, 1),
    ("Hộ tịch", "Cấp Giấy xác nhận tình trạng hôn nhân", 3, 3),
    ("Hộ tịch", "Cấp bản sao Trích lục hộ tịch", 0, 2),
    ("Chứng thực", "Chứng thực chữ ký trong các giấy tờ, văn bản", 0, 5),
    (
        "Chứng thực",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp",
        0,
        8,
    ),
    ("Bảo trợ xã hội", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng", 7, 0.5),
    ("Người có công", "Xác nhận thương binh, người hưởng chính sách như thương binh", 5, 0.3),
    ("Đất đai", "Hòa giải tranh chấp đất đai", 45, 0.2),
    ("Nông nghiệp", "Hỗ trợ khôi phục sản xuất vùng bị thiệt hại do thiên tai, dịch bệnh", 5, 0.3),
]

# (district kind, district name, [(commune kind, commune name), ...]); kinds are the words used in
# the unit name: "thành phố", "thị xã", "huyện"; "phường", "xã", "thị trấn".
DISTRICTS: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "thành phố",
        "Buôn Ma Thuột",
        [
            ("phường", "Tân Lợi"),
            ("phường", "Tân Hòa"),
            ("phường", "Tân An"),
            ("phường", "Tân Lập"),
            ("phường", "Tân Thành"),
            ("phường", "Tân Tiến"),
            ("phường", "Thành Nhất"),
            ("phường", "Thành Công"),
            ("phường", "Thắng Lợi"),
            ("phường", "Thống Nhất"),
            ("phường", "Tự An"),
            ("phường", "Ea Tam"),
            ("phường", "Khánh Xuân"),
            ("xã", "Cư Êbur"),
            ("xã", "Hòa Thắng"),
            ("xã", "Hòa Thuận"),
            ("xã", "Hòa Khánh"),
            ("xã", "Hòa Phú"),
            ("xã", "Hòa Xuân"),
            ("xã", "Ea Kao"),
            ("xã", "Ea Tu"),
        ],
    ),
    (
        "thị xã",
        "Buôn Hồ",
        [
            ("phường", "An Lạc"),
            ("phường", "An Bình"),
            ("phường", "Thiện An"),
            ("phường", "Đạt Hiếu"),
            ("phường", "Đoàn Kết"),
            ("phường", "Bình Tân"),
            ("xã", "Bình Thuận"),
            ("xã", "Cư Bao"),
            ("xã", "Ea Drông"),
            ("xã", "Ea Siên"),
            ("xã", "Ea Blang"),
        ],
    ),
    (
        "huyện",
        "Buôn Đôn",
        [
            ("xã", "Krông Na"),
            ("xã", "Ea Huar"),
            ("xã", "Ea Wer"),
            ("xã", "Tân Hòa"),
            ("xã", "Cuôr Knia"),
            ("xã", "Ea Bar"),
            ("xã", "Ea Nuôl"),
        ],
    ),
    (
        "huyện",
        "Cư Kuin",
        [
            ("xã", "Dray Bhăng"),
            ("xã", "Ea Hu"),
            ("xã", "Hòa Hiệp"),
            ("xã", "Ea Ktur"),
            ("xã", "Ea Tiêu"),
            ("xã", "Ea Bhốk"),
            ("xã", "Ea Ning"),
            ("xã", "Cư Êwi"),
        ],
    ),
    (
        "huyện",
        "Cư M’gar",
        [
            ("thị trấn", "Quảng Phú"),
            ("thị trấn", "Ea Pốk"),
            ("xã", "Cư M’gar"),
            ("xã", "Ea Drơng"),
            ("xã", "Ea H’đinh"),
            ("xã", "Ea Tar"),
            ("xã", "Ea Kiết"),
            ("xã", "Ea Kuêh"),
            ("xã", "Quảng Hiệp"),
            ("xã", "Cư Dliê M’nông"),
            ("xã", "Ea Tul"),
            ("xã", "Cư Suê"),
            ("xã", "Cuôr Đăng"),
        ],
    ),
    (
        "huyện",
        "Ea H’leo",
        [
            ("thị trấn", "Ea Drăng"),
            ("xã", "Ea H’leo"),
            ("xã", "Ea Sol"),
            ("xã", "Ea Ral"),
            ("xã", "Ea Wy"),
            ("xã", "Cư A Mung"),
            ("xã", "Cư Mốt"),
            ("xã", "Dliê Yang"),
            ("xã", "Ea Hiao"),
            ("xã", "Ea Khal"),
            ("xã", "Ea Nam"),
            ("xã", "Ea Tir"),
        ],
    ),
    (
        "huyện",
        "Ea Kar",
        [
            ("thị trấn", "Ea Kar"),
            ("thị trấn", "Ea Knốp"),
            ("xã", "Ea Đar"),
            ("xã", "Xuân Phú"),
            ("xã", "Cư Huê"),
            ("xã", "Ea Tih"),
            ("xã", "Ea Sô"),
            ("xã", "Ea Sar"),
            ("xã", "Cư Ni"),
            ("xã", "Ea Păl"),
            ("xã", "Cư Prông"),
            ("xã", "Ea Ô"),
            ("xã", "Cư Elang"),
            ("xã", "Cư Bông"),
            ("xã", "Cư Jang"),
        ],
    ),
    (
        "huyện",
        "Ea Súp",
        [
            ("thị trấn", "Ea Súp"),
            ("xã", "Ea Lê"),
            ("xã", "Ea Rốk"),
            ("xã", "Ia Lốp"),
            ("xã", "Ia Rvê"),
            ("xã", "Ea Bung"),
            ("xã", "Cư Mlan"),
            ("xã", "Ia Jlơi"),
            ("xã", "Cư Kbang"),
            ("xã", "Ya Tờ Mốt"),
        ],
    ),
    (
        "huyện",
        "Krông Ana",
        [
            ("thị trấn", "Buôn Trấp"),
            ("xã", "Dray Sáp"),
            ("xã", "Ea Na"),
            ("xã", "Ea Bông"),
            ("xã", "Băng A Drênh"),
            ("xã", "Dur Kmăl"),
            ("xã", "Bình Hòa"),
            ("xã", "Quảng Điền"),
        ],
    ),
    (
        "huyện",
        "Krông Bông",
        [
            ("thị trấn", "Krông Kmar"),
            ("xã", "Dang Kang"),
            ("xã", "Cư Kty"),
            ("xã", "Hòa Thành"),
            ("xã", "Hòa Tân"),
            ("xã", "Hòa Phong"),
            ("xã", "Hòa Lễ"),
            ("xã", "Yang Reh"),
            ("xã", "Ea Trul"),
            ("xã", "Khuê Ngọc Điền"),
            ("xã", "Cư Pui"),
            ("xã", "Hòa Sơn"),
            ("xã", "Cư Drăm"),
            ("xã", "Yang Mao"),
        ],
    ),
    (
        "huyện",
        "Krông Búk",
        [
            ("xã", "Pơng Drang"),
            ("xã", "Chư Kbô"),
            ("xã", "Cư Né"),
            ("xã", "Ea Sin"),
            ("xã", "Cư Pơng"),
            ("xã", "Ea Ngai"),
            ("xã", "Tân Lập"),
        ],
    ),
    (
        "huyện",
        "Krông Năng",
        [
            ("thị trấn", "Krông Năng"),
            ("xã", "Ea Tóh"),
            ("xã", "Ea Hồ"),
            ("xã", "Phú Lộc"),
            ("xã", "Ea Dăh"),
            ("xã", "Ea Tam"),
            ("xã", "Tam Giang"),
            ("xã", "Phú Xuân"),
            ("xã", "Cư Klông"),
            ("xã", "Ea Tân"),
            ("xã", "Đliê Ya"),
            ("xã", "Ea Púk"),
        ],
    ),
    (
        "huyện",
        "Krông Pắc",
        [
            ("thị trấn", "Phước An"),
            ("xã", "Ea Kênh"),
            ("xã", "Ea Phê"),
            ("xã", "Ea Kuăng"),
            ("xã", "Hòa An"),
            ("xã", "Krông Búk"),
            ("xã", "Hòa Tiến"),
            ("xã", "Tân Tiến"),
            ("xã", "Ea Yông"),
            ("xã", "Ea Uy"),
            ("xã", "Ea Hiu"),
            ("xã", "Hòa Đông"),
            ("xã", "Ea Kly"),
            ("xã", "Ea Yiêng"),
            ("xã", "Vụ Bổn"),
            ("xã", "Ea Knuếc"),
        ],
    ),
    (
        "huyện",
        "Lắk",
        [
            ("thị trấn", "Liên Sơn"),
            ("xã", "Yang Tao"),
            ("xã", "Bông Krang"),
            ("xã", "Đắk Liêng"),
            ("xã", "Buôn Triết"),
            ("xã", "Buôn Tría"),
            ("xã", "Đắk Phơi"),
            ("xã", "Đắk Nuê"),
            ("xã", "Krông Nô"),
            ("xã", "Nam Ka"),
            ("xã", "Ea R’bin"),
        ],
    ),
    (
        "huyện",
        "M’Drắk",
        [
            ("thị trấn", "M’Drắk"),
            ("xã", "Cư Prao"),
            ("xã", "Ea Pil"),
            ("xã", "Cư Króa"),
            ("xã", "Ea Lai"),
            ("xã", "Ea H’mlay"),
            ("xã", "Krông Jing"),
            ("xã", "Ea M’doal"),
            ("xã", "Cư M’ta"),
            ("xã", "Krông Á"),
            ("xã", "Cư San"),
            ("xã", "Ea Trang"),
        ],
    ),
]

FAMILY = np.array(
    [
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đinh",
        "Trương",
        "Mai",
        "Lương",
    ]
)
FAMILY_W = np.array(
    [38, 11, 9.5, 7, 4, 3, 4.5, 2, 2, 2.1, 2, 1.4, 1.3, 1.3, 1, 0.5, 1, 1, 0.6, 0.5]
)
MIDDLE_M = np.array(
    ["Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân", "Thanh", "Ngọc", "Đình"]
)
MIDDLE_F = np.array(["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Phương", "Thúy"])
GIVEN_M = np.array(
    [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Duy",
        "Đạt",
        "Hải",
        "Hiếu",
        "Hoàng",
        "Hùng",
        "Huy",
        "Khánh",
        "Long",
        "Minh",
        "Nam",
        "Phong",
        "Phúc",
        "Quân",
        "Sơn",
        "Thắng",
        "Tuấn",
        "Tùng",
        "Việt",
        "Vinh",
        "Trung",
        "Lộc",
        "Thành",
        "Tâm",
        "Khoa",
        "Nghĩa",
    ]
)
GIVEN_F = np.array(
    [
        "Anh",
        "Châu",
        "Dung",
        "Giang",
        "Hà",
        "Hạnh",
        "Hằng",
        "Hoa",
        "Hương",
        "Lan",
        "Liên",
        "Linh",
        "Mai",
        "Nga",
        "Ngân",
        "Nhung",
        "Oanh",
        "Phương",
        "Quỳnh",
        "Thảo",
        "Trang",
        "Tuyết",
        "Vân",
        "Yến",
        "Huyền",
        "Loan",
        "Thủy",
        "Hòa",
        "Ánh",
        "Diệu",
    ]
)
# Ê Đê and M'nông names, common in Đắk Lắk: "Y Bhin Niê", "H’Hen Mlô".
EDE_FAMILY = np.array(
    ["Niê", "Mlô", "Ayun", "Byă", "Êban", "Ksơr", "Adrơng", "Buôn Yă", "Hwing", "Knul"]
)
EDE_GIVEN_M = np.array(
    ["Bhin", "Hling", "Khuê", "Thông", "Kô", "Jut", "Ngọc", "Suôn", "Blir", "Djao"]
)
EDE_GIVEN_F = np.array(["Hen", "Lan", "Blin", "Xíu", "Nga", "Ngơn", "Yam", "Duel", "Bia", "Rin"])
ORG_KIND = np.array(
    ["Công ty TNHH", "Công ty TNHH MTV", "Công ty Cổ phần", "Hợp tác xã", "Doanh nghiệp tư nhân"]
)
ORG_TRADE = np.array(
    [
        "Thương mại",
        "Xây dựng",
        "Dịch vụ",
        "Cà phê",
        "Nông sản",
        "Vận tải",
        "Du lịch",
        "Thương mại và Dịch vụ",
        "Xây dựng và Thương mại",
        "Nông nghiệp",
    ]
)
ORG_NAME = np.array(
    [
        "Tây Nguyên",
        "Ban Mê",
        "Hoàng Anh",
        "Phúc Thịnh",
        "Minh Phát",
        "Đắk Lắk Xanh",
        "Thành Đạt",
        "Phú Quý",
        "Hưng Thịnh",
        "Cao Nguyên",
        "Krông Pắc",
        "Ea Kar",
        "Tín Nghĩa",
        "An Phú",
        "Việt Thắng",
        "Sài Gòn - Ban Mê",
    ]
)

CHANNELS = np.array(["Trực tiếp", "Trực tuyến", "Bưu chính công ích", "Liên thông"])
CHANNEL_W = np.array([0.62, 0.31, 0.04, 0.03])

REASONS = np.array(
    [
        "Hồ sơ cần xác minh thêm thông tin",
        "Phải lấy ý kiến của cơ quan, đơn vị liên quan",
        "Chờ kết quả đo đạc, trích lục bản đồ địa chính",
        "Cán bộ thụ lý hồ sơ đi công tác",
        "Hệ thống phần mềm một cửa gặp sự cố",
        "Cơ quan phối hợp chậm trả kết quả liên thông",
        "Khối lượng hồ sơ tiếp nhận tăng đột biến",
    ]
)

# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------


def slug(text: str) -> str:
    """Lower-case ASCII slug: ``"UBND xã Ea H’leo"`` → ``"ubnd-xa-ea-hleo"``."""
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[’'ʼ‘`]", "", text).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass(frozen=True)
class UnitDef:
    """One unit of the generated directory, with the procedures it handles."""

    id: str
    name: str
    level: str
    parent: str | None
    code: str
    procedures: list[Procedure]


def build_units() -> list[UnitDef]:
    """The ~200 units: province agencies, districts, then each district's communes."""
    units: list[UnitDef] = []
    for i, (name, procedures) in enumerate(DEPARTMENTS, start=1):
        units.append(
            UnitDef(
                slug(name), name, "province", None, f"000.00.{i:02d}.{PROVINCE_CODE}", procedures
            )
        )
    seen = {u.id for u in units}
    for d, (kind, dname, communes) in enumerate(DISTRICTS, start=21):
        dcode = f"{d:02d}"
        district = UnitDef(
            slug(f"UBND {kind} {dname}"),
            f"UBND {kind} {dname}",
            "district",
            None,
            f"000.00.{dcode}.{PROVINCE_CODE}",
            DISTRICT_PROCEDURES,
        )
        units.append(district)
        seen.add(district.id)
        for c, (ckind, cname) in enumerate(communes, start=1):
            name = f"UBND {ckind} {cname}"
            uid = slug(name)
            if uid in seen:  # same commune name in two districts: tell them apart
                uid = f"{uid}-{slug(dname)}"
                name = f"{name} ({kind} {dname})"
            seen.add(uid)
            units.append(
                UnitDef(
                    uid,
                    name,
                    "commune",
                    district.id,
                    f"000.{c:02d}.{dcode}.{PROVINCE_CODE}",
                    COMMUNE_PROCEDURES,
                )
            )
    return units


def unit_weights(units: list[UnitDef], rng: np.random.Generator) -> np.ndarray:
    """Relative case volume per unit: a few big agencies, many small communes."""
    base = {"province": 3.0, "district": 2.0, "commune": 0.5}
    w = np.array([base[u.level] for u in units]) * rng.lognormal(0.0, 0.6, len(units))
    w = np.minimum(w / w.sum(), 0.08)  # keeps every unit under 10,000 cases a day at 1M cases
    return w / w.sum()


# --------------------------------------------------------------------------------------------
# Periods and dates
# --------------------------------------------------------------------------------------------


def month_period(period: str, cutoff_day: int = 15) -> tuple[dt.date, dt.date]:
    """Reporting month ``YYYY-MM``: day ``cutoff_day`` of the month before .. the day before it."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", period)
    if not m:
        raise ValueError(f"--period {period!r}: expected YYYY-MM")
    year, month = int(m.group(1)), int(m.group(2))
    end = dt.date(year, month, cutoff_day) - dt.timedelta(days=1)
    prev_year, prev_month = (year, month - 1) if month > 1 else (year - 1, 12)
    return dt.date(prev_year, prev_month, cutoff_day), end


def _office_seconds(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds after midnight inside office hours (07:30–11:30, 13:30–17:00)."""
    s = rng.integers(0, (4 * 60 + 3 * 60 + 30) * 60, n)
    morning = 4 * 3600
    return np.where(s < morning, 7.5 * 3600 + s, 13.5 * 3600 + (s - morning)).astype("int64")


def _days(values: np.ndarray) -> np.ndarray:
    return values.astype("datetime64[D]")


def _sec(day: np.ndarray, seconds: np.ndarray | int) -> np.ndarray:
    return day.astype("datetime64[s]") + np.asarray(seconds).astype("timedelta64[s]")


def _fmt(values: np.ndarray, fmt: str) -> pd.Series:
    """datetime64 (NaT = empty) as text, vectorised through pyarrow."""
    text = pc.strftime(pa.array(values, type=pa.timestamp("s"), from_pandas=True), format=fmt)
    return pd.Series(pc.fill_null(text, "").to_numpy(zero_copy_only=False), dtype=object)


# --------------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------------


def _names(rng: np.random.Generator, size: int) -> np.ndarray:
    """A pool of applicant names: Kinh names, Ê Đê names and a few organisations."""
    male = rng.random(size) < 0.5
    kinh = (
        pd.Series(FAMILY[rng.choice(len(FAMILY), size, p=FAMILY_W / FAMILY_W.sum())])
        + " "
        + pd.Series(
            np.where(
                male,
                MIDDLE_M[rng.integers(0, len(MIDDLE_M), size)],
                MIDDLE_F[rng.integers(0, len(MIDDLE_F), size)],
            )
        )
        + " "
        + pd.Series(
            np.where(
                male,
                GIVEN_M[rng.integers(0, len(GIVEN_M), size)],
                GIVEN_F[rng.integers(0, len(GIVEN_F), size)],
            )
        )
    )
    ede = (
        pd.Series(np.where(male, "Y ", "H’"))
        + pd.Series(
            np.where(
                male,
                EDE_GIVEN_M[rng.integers(0, len(EDE_GIVEN_M), size)],
                EDE_GIVEN_F[rng.integers(0, len(EDE_GIVEN_F), size)],
            )
        )
        + " "
        + pd.Series(EDE_FAMILY[rng.integers(0, len(EDE_FAMILY), size)])
    )
    org = (
        pd.Series(ORG_KIND[rng.integers(0, len(ORG_KIND), size)])
        + " "
        + pd.Series(ORG_TRADE[rng.integers(0, len(ORG_TRADE), size)])
        + " "
        + pd.Series(ORG_NAME[rng.integers(0, len(ORG_NAME), size)])
    )
    kind = rng.random(size)
    return np.where(kind < 0.86, kinh, np.where(kind < 0.95, ede, org)).astype(object)


@dataclass
class Month:
    """The generated month: the case table (typed columns) plus what the letters need."""

    units: list[UnitDef]
    start: dt.date
    end: dt.date
    cases: pd.DataFrame  # typed: datetime64 columns, NaT for empty
    late: np.ndarray  # boolean mask over cases rows


def generate_cases(
    n: int,
    units: list[UnitDef],
    start: dt.date,
    end: dt.date,
    rng: np.random.Generator,
    shape: Shape = SHAPES["basic"],
) -> Month:
    """Build ``n`` cases for the period ``start``..``end`` (both inclusive), vectorised."""
    start_d, end_d = np.datetime64(start, "D"), np.datetime64(end, "D")
    end_s = _sec(end_d, 17 * 3600)  # the export is taken at the end of the period's last day
    prev_start_d = np.datetime64(month_period(f"{start.year:04d}-{start.month:02d}")[0], "D")

    # unit and procedure: procedures are sampled within the unit through per-unit cumulative weights
    u = rng.choice(len(units), n, p=unit_weights(units, rng))
    flat: list[tuple[int, Procedure]] = [
        (i, p) for i, unit in enumerate(units) for p in unit.procedures
    ]
    p_unit = np.array([i for i, _ in flat])
    p_w = np.array([p[3] for _, p in flat], dtype=float)
    p_tot = np.bincount(p_unit, weights=p_w, minlength=len(units))
    p_cum = (
        np.cumsum(p_w) - np.r_[0.0, np.cumsum(p_tot)][p_unit]
    )  # cumulative weight inside the unit
    keys = p_unit + p_cum / p_tot[p_unit]  # unit index + (0, 1]
    keys[np.r_[p_unit[1:] != p_unit[:-1], True]] = (
        p_unit[np.r_[p_unit[1:] != p_unit[:-1], True]] + 1.0
    )
    proc = np.searchsorted(keys, u + rng.random(n) * 0.999999, side="right")
    proc_sector = np.array([p[0] for _, p in flat], dtype=object)
    proc_name = np.array([p[1] for _, p in flat], dtype=object)
    proc_days = np.array([p[2] for _, p in flat])

    # channel and receipt: online any day, any hour; others on working days in office hours
    channel = rng.choice(len(CHANNELS), n, p=CHANNEL_W)
    online = channel == 1
    carried = rng.random(n) < CARRIED_SHARE
    win_lo = np.where(carried, prev_start_d, start_d)
    win_len = np.where(
        carried, (start_d - prev_start_d).astype(int), (end_d - start_d).astype(int) + 1
    )
    cal_day = win_lo + (rng.random(n) * win_len).astype("timedelta64[D]")
    n_bus = np.busday_count(win_lo, win_lo + win_len.astype("timedelta64[D]"))
    bus_day = np.busday_offset(win_lo, (rng.random(n) * n_bus).astype(int), roll="forward")
    rday = np.where(online, cal_day, bus_day)
    rsec = np.where(online, rng.integers(0, 86400, n), _office_seconds(rng, n))
    received = _sec(rday, rsec)

    # due: N working days from the first working day that can count (after 17:00 = next day)
    evening = (rsec >= 17 * 3600).astype("int64").astype("timedelta64[D]")
    first = np.busday_offset(rday + evening, 0, roll="forward")
    days = proc_days[proc]
    # carried-over cases were not due before the period: give them a due date inside it or later
    reach = np.busday_count(first, start_d) + rng.integers(1, 12, n)
    days = np.where(carried, np.maximum(days, reach), days)
    due_d = np.busday_offset(first, days, roll="forward")
    due = _sec(due_d, 17 * 3600)

    # outcomes
    refused = rng.random(n) < REFUSED_SHARE
    eligible = ~refused & (due_d < end_d)
    n_late = max(1, round(shape.late_share * n))
    late = np.zeros(n, dtype=bool)
    idx = np.flatnonzero(eligible)
    late[rng.choice(idx, min(n_late, len(idx)), replace=False)] = True
    late_resolved = late & (rng.random(n) < 0.6)

    lower = np.maximum(received, _sec(start_d, 0))  # carried-over cases: not resolved before
    upper = np.minimum(due, end_s)
    ok = ~refused & ~late & (upper > lower)
    certain = ok & (due <= end_s)
    pool = ok & ~certain
    need = shape.resolved_share * n - certain.sum() - late_resolved.sum()
    p_more = float(np.clip(need / max(pool.sum(), 1), 0.0, 1.0))
    on_time = certain | (pool & (rng.random(n) < p_more))

    span = (upper - lower).astype("int64")
    frac = rng.beta(1.3, 2.2, n)
    resolved = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    # results are signed in office hours: keep the day, draw the time, stay inside [lower, upper]
    day = np.busday_offset(_days(lower + (frac * span).astype("timedelta64[s]")), 0, roll="forward")
    at = _sec(day, _office_seconds(rng, n))
    resolved[on_time] = np.minimum(np.maximum(at, lower), upper)[on_time]
    late_day = np.minimum(np.busday_offset(due_d, rng.integers(1, 6, n), roll="forward"), end_d)
    late_at = np.maximum(_sec(late_day, _office_seconds(rng, n)), due + np.timedelta64(60, "s"))
    resolved[late_resolved] = np.minimum(late_at, end_s + np.timedelta64(6 * 3600, "s"))[
        late_resolved
    ]

    export_end = _sec(end_d, 86399)
    # results are handed back the same or one of the next working days, in office hours
    has_result = ~np.isnat(resolved)
    picked_up = has_result & (rng.random(n) < 0.95)
    base = np.where(has_result, resolved, received)
    lag = rng.choice(3, n, p=[0.6, 0.3, 0.1])
    back_day = np.busday_offset(_days(base), lag, roll="forward")
    back = np.maximum(_sec(back_day, _office_seconds(rng, n)), base + np.timedelta64(60, "s"))
    back = np.minimum(back, export_end)
    returned = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    returned[picked_up | refused] = back[picked_up | refused]

    status = np.where(
        picked_up, "Đã trả kết quả", np.where(has_result, "Đã có kết quả", "Đang xử lý")
    ).astype(object)
    status[refused] = np.where(rng.random(refused.sum()) < 0.6, "Từ chối", "Rút hồ sơ")

    # rows in export order (unit, then receipt); daily sequence per unit and receipt day
    order = np.lexsort((received, u))
    u_s, rday_s = u[order], rday[order]
    key = u_s.astype("int64") * 1_000_000 + (rday_s - prev_start_d).astype("int64")
    pos = np.arange(n)
    group_start = np.maximum.accumulate(np.where(np.r_[True, key[1:] != key[:-1]], pos, 0))
    seq = pos - group_start + 1

    unit_code = np.array([x.code for x in units], dtype=object)
    unit_name = np.array([x.name for x in units], dtype=object)
    unit_level = np.array([LEVEL_LABELS[x.level] for x in units], dtype=object)
    code = pc.binary_join_element_wise(
        pa.array(unit_code[u_s], pa.string()),
        pc.strftime(pa.array(rday_s.astype("datetime64[s]")), format="%y%m%d"),
        pc.utf8_lpad(pc.cast(pa.array(seq), pa.string()), 4, "0"),
        "-",
    ).to_numpy(zero_copy_only=False)

    if shape.distinct_names:
        # names drawn per case, each followed by a running number: nearly all distinct
        applicant = (
            pd.Series(_names(rng, n), dtype=object)
            + " "
            + pd.Series(np.arange(1, n + 1).astype(str), dtype=object)
        ).to_numpy(dtype=object)
    else:
        names = _names(rng, min(max(n // 4, 1000), 60_000))
        applicant = names[rng.integers(0, len(names), n)]

    cases = pd.DataFrame(
        {
            "STT": np.arange(1, n + 1),
            "Mã hồ sơ": code,
            "Đơn vị giải quyết": unit_name[u_s],
            "Cấp": unit_level[u_s],
            "Lĩnh vực": proc_sector[proc[order]],
            "Tên thủ tục hành chính": proc_name[proc[order]],
            "Chủ hồ sơ": applicant,
            "Hình thức nộp": CHANNELS.astype(object)[channel[order]],
            "Ngày tiếp nhận": received[order],
            "Ngày hẹn trả": due[order],
            "Ngày có kết quả": resolved[order],
            "Ngày trả kết quả": returned[order],
            "Trạng thái": status[order],
        }
    )
    cases["_unit"] = u_s
    return Month(units, start, end, cases, late[order])


def generate_letters(month: Month, rng: np.random.Generator) -> pd.DataFrame:
    """Apology register: letters for ~80 % of the late cases, some late, some never posted."""
    late = month.cases.loc[month.late]
    sel = late.loc[rng.random(len(late)) < LETTER_SHARE]
    k = len(sel)
    units = month.units
    due_d = _days(sel["Ngày hẹn trả"].to_numpy())
    rec_d = _days(sel["Ngày tiếp nhận"].to_numpy())
    end_d = np.datetime64(month.end, "D")
    issued_late = rng.random(k) < 0.15
    issued = np.where(
        issued_late,
        np.busday_offset(due_d, rng.integers(0, 3, k), roll="forward"),
        np.busday_offset(due_d, -rng.integers(1, 4, k), roll="backward"),
    )
    issued = np.minimum(np.maximum(issued, rec_d), end_d)
    new_due = np.busday_offset(due_d, rng.integers(2, 11, k), roll="forward")
    posted = np.busday_offset(issued, rng.integers(0, 2, k), roll="forward")
    posted = np.where(rng.random(k) < 0.12, np.datetime64("NaT"), posted)
    uid = np.array([x.id for x in units], dtype=object)[sel["_unit"].to_numpy()]
    host = pd.Series(uid).str.replace("-", "", regex=False).to_numpy(dtype=object)
    codes = sel["Mã hồ sơ"].to_numpy(dtype=object)
    url = (
        "https://"
        + host
        + ".daklak.gov.vn/van-ban-xin-loi/"
        + pd.Series(codes).str.lower().to_numpy(dtype=object)
    )
    url = np.where(rng.random(k) < 0.7, url, "")
    # officers paste codes by hand now and then: lower case, spaces around the dashes
    messy = rng.random(k)
    codes = np.where(
        messy < 0.03,
        pd.Series(codes).str.lower(),
        np.where(messy < 0.05, pd.Series(codes).str.replace("-", " - ", regex=False), codes),
    )
    number = pd.Series(rng.integers(1, 300, k).astype(str)) + "/PXL"
    return pd.DataFrame(
        {
            "Mã hồ sơ": codes,
            "Số văn bản": number.to_numpy(dtype=object),
            "Chủ hồ sơ": sel["Chủ hồ sơ"].to_numpy(dtype=object),
            "Ngày xin lỗi": _fmt(issued.astype("datetime64[s]"), "%d/%m/%Y").to_numpy(),
            "Đơn vị": sel["Đơn vị giải quyết"].to_numpy(dtype=object),
            "Lý do": REASONS.astype(object)[rng.integers(0, len(REASONS), k)],
            "Ngày hẹn lại": _fmt(new_due.astype("datetime64[s]"), "%d/%m/%Y").to_numpy(),
            "Ngày niêm yết": _fmt(posted.astype("datetime64[s]"), "%d/%m/%Y").to_numpy(),
            "Đường dẫn đăng tải": url,
        }
    )


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------


def write_csv(cases: pd.DataFrame, path: Path, date_format: str = "%d/%m/%Y %H:%M:%S") -> None:
    """Case export as UTF-8 CSV, dates as text in ``date_format`` (default ``dd/mm/yyyy HH:MM:SS``)."""
    out = cases[CASE_HEADERS].copy()
    for col in DATE_HEADERS:
        out[col] = _fmt(out[col].to_numpy(), date_format).to_numpy()
    out.to_csv(path, index=False, encoding="utf-8", lineterminator="\r\n")


def split_parts(cases: pd.DataFrame, parts: int) -> list[pd.DataFrame]:
    """The cases cut into ``parts`` exports of (nearly) equal size in order of receipt, each in
    export order (unit, then receipt) and numbered from 1 in its STT column."""
    if parts == 1:
        return [cases]
    rank = np.empty(len(cases), dtype=np.int64)
    rank[np.argsort(cases["Ngày tiếp nhận"].to_numpy(), kind="stable")] = np.arange(len(cases))
    part = rank * parts // len(cases)
    out = []
    for k in range(parts):
        chunk = cases.loc[part == k].copy()  # rows keep their (unit, receipt) order
        chunk["STT"] = np.arange(1, len(chunk) + 1)
        out.append(chunk)
    return out


def _title_rows(start: dt.date, end: dt.date) -> list[str]:
    return [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM - Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ",
        f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}",
    ]


def _excel_serial(values: np.ndarray) -> list:
    """datetime64 → Excel serial day numbers (1900 system); NaT → None."""
    serial = (values - np.datetime64("1899-12-30T00:00:00")).astype("int64") / 86400.0
    out = serial.astype(object)
    out[np.isnat(values)] = None
    return out.tolist()


def write_xlsx(cases: pd.DataFrame, path: Path, start: dt.date, end: dt.date) -> None:
    """Case export as XLSX below three title rows, dates as real Excel datetimes (streamed)."""
    try:
        import xlsxwriter
    except ImportError:  # pragma: no cover - fallback when xlsxwriter is not installed
        _write_xlsx_openpyxl(cases, path, start, end)
        return
    text_cols = CASE_HEADERS[:8]
    first = [cases[c].tolist() for c in text_cols]
    dates = [_excel_serial(cases[c].to_numpy()) for c in DATE_HEADERS]
    status = cases["Trạng thái"].tolist()
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    # a fixed creation time keeps the file byte-identical for a seed
    wb.set_properties(
        {
            "title": "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ",
            "created": dt.datetime.combine(end, dt.time(17, 0)),
        }
    )
    ws = wb.add_worksheet("Báo cáo")
    bold = wb.add_format({"bold": True, "align": "center"})
    head = wb.add_format(
        {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1}
    )
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
    widths = [7, 28, 40, 10, 22, 60, 26, 16, 19, 19, 19, 19, 16]
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    for r, title in enumerate(_title_rows(start, end)):
        ws.merge_range(r, 0, r, len(CASE_HEADERS) - 1, title, bold)
    ws.write_row(3, 0, CASE_HEADERS, head)
    write_row = ws.write_row
    write_string = ws.write_string
    row = 4
    for left, d, st in zip(zip(*first, strict=True), zip(*dates, strict=True), status, strict=True):
        write_row(row, 0, left)
        write_row(row, 8, d, date_fmt)
        write_string(row, 12, st)
        row += 1
    wb.close()


def _write_xlsx_openpyxl(cases: pd.DataFrame, path: Path, start: dt.date, end: dt.date) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Báo cáo")
    for title in _title_rows(start, end):
        ws.append([title])
    ws.append(CASE_HEADERS)
    cols = [cases[c].tolist() for c in CASE_HEADERS[:8]]
    dates = [
        pd.Series(cases[c]).astype(object).where(cases[c].notna(), None).tolist()
        for c in DATE_HEADERS
    ]
    status = cases["Trạng thái"].tolist()
    fmt = "dd/mm/yyyy hh:mm:ss"

    def cell(value):
        c = WriteOnlyCell(ws, value=value)
        c.number_format = fmt
        return c

    for left, d, st in zip(zip(*cols, strict=True), zip(*dates, strict=True), status, strict=True):
        ws.append([*left, *(cell(v.to_pydatetime()) if v is not None else None for v in d), st])
    wb.save(str(path))


def write_config(out: Path, units: list[UnitDef], cases_rel: str, letters_rel: str) -> None:
    """config.yaml after CONTRACT section 3 (no website blocks: the benchmark runs --no-web);
    ``cases_rel`` a path or a glob."""
    config = {
        "organisation": {"province": PROVINCE, "authority": f"Văn phòng UBND tỉnh {PROVINCE}"},
        "period": {"cutoff_day": 15},
        "inputs": {"cases": [cases_rel], "letters": [letters_rel]},
        "outputs": {"dir": "out"},
        "units": [
            {"id": u.id, "name": u.name, "level": u.level, "parent": u.parent, "code": u.code}
            for u in units
        ],
    }
    text = "# Synthetic benchmark data, written by benchmarks/generate.py\n"
    text += yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=120)
    (out / "config.yaml").write_text(text, encoding="utf-8")


def generate(
    out: str | Path,
    cases: int,
    fmt: str = "csv",
    seed: int = 1,
    period: str = "2020-05",
    shape: str = "basic",
) -> dict:
    """Write config.yaml, the case export(s) and the apology register into ``out``.

    ``shape`` is a key of :data:`SHAPES`; ``real`` writes ``data/cases-<period>-1.csv`` …
    ``-4.csv`` (``cases`` in all) and names them by a glob in the config.
    Returns a summary: paths written and counts (cases, late, letters, units, seconds).
    """
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"format must be csv or xlsx, not {fmt!r}")
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}, not {shape!r}")
    spec = SHAPES[shape]
    if spec.files > 1 and fmt != "csv":
        raise ValueError(f"shape {shape} is written as CSV only")
    if cases < spec.files:
        raise ValueError(f"cases must be at least {spec.files}")
    t0 = time.perf_counter()
    out = Path(out)
    (out / "data").mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    start, end = month_period(period)
    units = build_units()
    month = generate_cases(cases, units, start, end, rng, spec)
    letters = generate_letters(month, rng)

    letters_rel = "data/so-xin-loi.csv"
    if spec.files > 1:
        cases_rel = f"data/cases-{period}-*.{fmt}"
        files = [out / f"data/cases-{period}-{k}.{fmt}" for k in range(1, spec.files + 1)]
    else:
        cases_rel = f"data/cases-{period}.{fmt}"
        files = [out / cases_rel]
    if fmt == "csv":
        for part, path in zip(split_parts(month.cases, spec.files), files, strict=True):
            write_csv(part, path, spec.date_format)
    else:
        write_xlsx(month.cases, files[0], start, end)
    letters.to_csv(out / letters_rel, index=False, encoding="utf-8-sig", lineterminator="\r\n")
    write_config(out, units, cases_rel, letters_rel)
    return {
        "config": out / "config.yaml",
        "cases_file": files[0],
        "cases_files": files,
        "letters_file": out / letters_rel,
        "cases": cases,
        "late": int(month.late.sum()),
        "letters": len(letters),
        "units": len(units),
        "seconds": time.perf_counter() - t0,
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: ``generate.py [--shape basic|real] --cases N --format csv|xlsx --out DIR [--seed S] [--period P]``."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--shape",
        choices=tuple(SHAPES),
        default="basic",
        help="basic: one file, dd/mm/yyyy; real: 4 files, ISO +07:00, 0.5 %% late, distinct names",
    )
    parser.add_argument(
        "--cases",
        type=int,
        default=None,
        help="number of cases in all (default 250000; 1000000 for --shape real)",
    )
    parser.add_argument(
        "--format", choices=("csv", "xlsx"), default="csv", help="case export format"
    )
    parser.add_argument("--out", required=True, help="folder to write into (created if missing)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--period", default="2020-05", help="reporting month YYYY-MM (default 2020-05)"
    )
    args = parser.parse_args(argv)
    cases = (
        args.cases if args.cases is not None else (1_000_000 if args.shape == "real" else 250_000)
    )
    try:
        info = generate(args.out, cases, args.format, args.seed, args.period, args.shape)
    except ValueError as exc:
        parser.error(str(exc))
    print(
        f"{info['cases']:,} cases ({info['late']} late) in {len(info['cases_files'])} file(s), "
        f"{info['letters']} letters, {info['units']} units -> {info['config'].parent} "
        f"in {info['seconds']:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
