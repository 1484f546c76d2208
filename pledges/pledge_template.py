"""The seven commitments of the mayoral pledge template, in Engage's own words and in
every language the site speaks. A new pledge starts from these; each city then edits,
adds or removes commitments to fit its own situation."""

from .models import Principle

# Months after signing by which each commitment should be kept; organizers change
# the resulting target dates freely.
COMMITMENTS = [
    {
        "slug": "accountability",
        "principle": Principle.ACCOUNTABILITY,
        "months": 12,
        "title": {
            "en": "Hold the police accountable to the community",
            "es": "Que la policía rinda cuentas ante la comunidad",
            "zh-hans": "让警察对社区负责",
            "vi": "Cảnh sát phải chịu trách nhiệm trước cộng đồng",
            "ar": "محاسبة الشرطة أمام المجتمع",
            "ko": "지역사회에 책임지는 경찰",
        },
        "description": {
            "en": (
                "The police department will stop investigating itself. The city will "
                "set up an independent review board that reflects the whole community, "
                "give it real power to act on complaints of brutality, racial "
                "profiling and improper force, and publish its findings, evidence and "
                "recommendations together with regular data on complaints and stops."
            ),
            "es": (
                "El departamento de policía dejará de investigarse a sí mismo. La "
                "ciudad creará una junta de revisión independiente que represente a "
                "toda la comunidad, con poder real para actuar ante denuncias de "
                "brutalidad, perfil racial y uso indebido de la fuerza, y publicará "
                "sus conclusiones, pruebas y recomendaciones junto con datos "
                "periódicos sobre denuncias y detenciones."
            ),
            "zh-hans": (
                "警察局将不再自己调查自己。市政府将设立一个能代表整个社区的独立审查委员会，"
                "赋予其处理警察暴力、种族定性和不当使用武力投诉的实际权力，"
                "并公开委员会的调查结果、证据和建议，同时定期公布投诉和拦查数据。"
            ),
            "vi": (
                "Sở cảnh sát sẽ không còn tự điều tra chính mình. Thành phố sẽ thành "
                "lập một hội đồng giám sát độc lập đại diện cho toàn thể cộng đồng, "
                "trao cho hội đồng thực quyền xử lý các khiếu nại về bạo lực, phân "
                "biệt sắc tộc và sử dụng vũ lực sai trái, đồng thời công bố kết luận, "
                "bằng chứng và khuyến nghị của hội đồng cùng số liệu định kỳ về khiếu "
                "nại và các lần chặn xét."
            ),
            "ar": (
                "لن تحقق إدارة الشرطة في أفعالها بنفسها بعد الآن. ستنشئ المدينة مجلس "
                "مراجعة مستقلاً يمثل المجتمع بأكمله، وتمنحه صلاحيات فعلية للنظر في "
                "شكاوى العنف والتنميط العنصري والاستخدام غير المبرر للقوة، وستنشر "
                "نتائجه وأدلته وتوصياته، إلى جانب بيانات دورية عن الشكاوى وعمليات "
                "الإيقاف."
            ),
            "ko": (
                "경찰서는 더 이상 스스로를 조사하지 않습니다. 시는 지역사회 전체를 "
                "대표하는 독립 심의위원회를 설치하여 경찰 폭력, 인종 프로파일링, "
                "부적절한 물리력 사용에 관한 민원을 실질적으로 다룰 권한을 부여하고, "
                "위원회의 조사 결과와 증거, 권고 사항을 민원 및 검문에 관한 정기 "
                "통계와 함께 공개합니다."
            ),
        },
        "responsible_office": {
            "en": "Office of the Mayor and the independent police review board",
            "es": "Alcaldía y junta independiente de revisión policial",
            "zh-hans": "市长办公室及独立警务审查委员会",
            "vi": "Văn phòng Thị trưởng và hội đồng giám sát cảnh sát độc lập",
            "ar": "مكتب العمدة ومجلس مراجعة الشرطة المستقل",
            "ko": "시장실 및 독립 경찰 심의위원회",
        },
    },
    {
        "slug": "training",
        "principle": Principle.TRAINING,
        "months": 12,
        "title": {
            "en": "Invest in rigorous, ongoing training",
            "es": "Invertir en una formación rigurosa y continua",
            "zh-hans": "投入严格而持续的培训",
            "vi": "Đầu tư vào đào tạo nghiêm túc và thường xuyên",
            "ar": "الاستثمار في تدريب صارم ومستمر",
            "ko": "철저하고 지속적인 교육에 투자",
        },
        "description": {
            "en": (
                "Every officer will take part in recurring training on racial bias, "
                "de-escalation, conflict mediation, problem solving and responding to "
                "people in a mental health crisis. Programs run by community "
                "organizations will come first, so that officers learn to listen to "
                "the neighborhoods they serve."
            ),
            "es": (
                "Todos los agentes participarán periódicamente en formación sobre "
                "sesgo racial, desescalada, mediación de conflictos, resolución de "
                "problemas y atención a personas en crisis de salud mental. Se dará "
                "prioridad a los programas de organizaciones comunitarias, para que "
                "los agentes aprendan a escuchar a los barrios a los que sirven."
            ),
            "zh-hans": (
                "每位警员都将定期接受关于种族偏见、缓和冲突、调解纠纷、解决问题"
                "以及应对精神健康危机人士的培训。社区组织开设的培训项目将获得优先，"
                "让警员学会倾听他们所服务的社区。"
            ),
            "vi": (
                "Mọi cảnh sát viên sẽ được đào tạo định kỳ về thành kiến chủng tộc, "
                "giảm căng thẳng, hòa giải xung đột, giải quyết vấn đề và cách ứng xử "
                "với người đang gặp khủng hoảng sức khỏe tâm thần. Các chương trình "
                "do tổ chức cộng đồng thực hiện sẽ được ưu tiên, để cảnh sát học cách "
                "lắng nghe những khu phố mà họ phục vụ."
            ),
            "ar": (
                "سيشارك جميع أفراد الشرطة بانتظام في تدريب على التحيز العنصري وتهدئة "
                "المواقف والوساطة في النزاعات وحل المشكلات والتعامل مع من يمرون "
                "بأزمات نفسية. وستُعطى الأولوية للبرامج التي تقدمها المنظمات "
                "المجتمعية، حتى يتعلم أفراد الشرطة الإصغاء إلى الأحياء التي يخدمونها."
            ),
            "ko": (
                "모든 경찰관은 인종적 편견, 긴장 완화, 갈등 중재, 문제 해결, 정신 "
                "건강 위기에 처한 사람에 대한 대응을 다루는 교육을 정기적으로 "
                "받습니다. 지역 단체가 운영하는 교육 프로그램을 우선하여, 경찰관이 "
                "자신이 봉사하는 동네의 목소리에 귀 기울이는 법을 배우도록 합니다."
            ),
        },
        "responsible_office": {
            "en": "Police department training academy",
            "es": "Academia de formación del departamento de policía",
            "zh-hans": "警察局培训学院",
            "vi": "Học viện đào tạo của Sở cảnh sát",
            "ar": "أكاديمية التدريب في إدارة الشرطة",
            "ko": "경찰서 교육훈련원",
        },
    },
    {
        "slug": "representation",
        "principle": Principle.REPRESENTATION,
        "months": 24,
        "title": {
            "en": "Build a department that reflects and respects the community",
            "es": "Un departamento que refleje y respete a la comunidad",
            "zh-hans": "建设一支体现并尊重社区的警队",
            "vi": "Xây dựng lực lượng cảnh sát phản ánh và tôn trọng cộng đồng",
            "ar": "إدارة شرطة تعكس المجتمع وتحترمه",
            "ko": "지역사회를 닮고 존중하는 경찰 조직",
        },
        "description": {
            "en": (
                "The department will change how it recruits, hires and keeps its "
                "people so that its staff look like the communities they serve: "
                "people who live in the neighborhoods they patrol, speak residents' "
                "languages and understand their cultures. Hiring and retention goals "
                "will be set, tracked and published."
            ),
            "es": (
                "El departamento cambiará su forma de reclutar, contratar y retener "
                "personal para que se parezca a las comunidades a las que sirve: "
                "personas que viven en los barrios que patrullan, que hablan los "
                "idiomas de los vecinos y que conocen sus culturas. Se fijarán metas "
                "de contratación y permanencia, con seguimiento público."
            ),
            "zh-hans": (
                "警察局将改变招募、聘用和留任人员的方式，使警队构成与所服务的社区相符："
                "住在自己巡逻的街区、会说居民的语言、了解居民文化的人。"
                "招聘和留任目标将被设定、跟踪并公开。"
            ),
            "vi": (
                "Sở cảnh sát sẽ thay đổi cách tuyển dụng và giữ chân nhân viên để lực "
                "lượng phản ánh đúng các cộng đồng mà họ phục vụ: những người sống "
                "tại khu vực họ tuần tra, nói được ngôn ngữ của cư dân và hiểu văn "
                "hóa của họ. Các mục tiêu tuyển dụng và giữ chân nhân viên sẽ được "
                "đặt ra, theo dõi và công bố."
            ),
            "ar": (
                "ستغيّر الإدارة طريقة استقطاب أفرادها وتوظيفهم والاحتفاظ بهم، بحيث "
                "يشبه العاملون فيها المجتمعات التي يخدمونها: أشخاص يسكنون الأحياء "
                "التي يعملون فيها، ويتحدثون لغات السكان، ويفهمون ثقافاتهم. وستُحدَّد "
                "أهداف للتوظيف والاستبقاء وتُتابَع وتُنشر للعموم."
            ),
            "ko": (
                "경찰서는 채용과 인력 유지 방식을 바꾸어 직원 구성이 봉사하는 "
                "지역사회를 닮도록 합니다. 순찰하는 동네에 살고, 주민의 언어를 "
                "쓰며, 그 문화를 이해하는 사람들입니다. 채용 및 인력 유지 목표를 "
                "세우고 진행 상황을 추적하여 공개합니다."
            ),
        },
        "responsible_office": {
            "en": "Police department human resources and the city personnel office",
            "es": (
                "Recursos humanos del departamento de policía y oficina de personal "
                "de la ciudad"
            ),
            "zh-hans": "警察局人力资源部及市人事办公室",
            "vi": "Phòng nhân sự Sở cảnh sát và Văn phòng nhân sự thành phố",
            "ar": "قسم الموارد البشرية في إدارة الشرطة ومكتب شؤون الموظفين في المدينة",
            "ko": "경찰서 인사과 및 시 인사처",
        },
    },
    {
        "slug": "preserve-life",
        "principle": Principle.PRESERVE_LIFE,
        "months": 12,
        "title": {
            "en": "Preserve life and avoid excessive force",
            "es": "Proteger la vida y evitar el uso excesivo de la fuerza",
            "zh-hans": "保护生命，避免过度使用武力",
            "vi": "Bảo vệ sinh mạng và tránh dùng vũ lực quá mức",
            "ar": "حماية الأرواح وتجنّب الإفراط في استخدام القوة",
            "ko": "생명을 지키고 과도한 물리력 사용을 피함",
        },
        "description": {
            "en": (
                "Officers will use force only in ways that protect everyone's life "
                "and safety, will try to calm situations down first and will turn to "
                "alternatives to deadly force. The city will stop using military "
                "equipment and tactics, SWAT teams included, for everyday problems or "
                "peaceful protests, will refuse new military equipment and will work "
                "to return or get rid of what it already holds."
            ),
            "es": (
                "Los agentes solo usarán la fuerza de manera que proteja la vida y la "
                "seguridad de todas las personas, intentarán primero calmar la "
                "situación y recurrirán a alternativas a la fuerza letal. La ciudad "
                "dejará de usar equipo y tácticas militares, incluidos los equipos "
                "SWAT, para problemas cotidianos o protestas pacíficas, rechazará "
                "nuevo equipo militar y procurará devolver o retirar el que ya tiene."
            ),
            "zh-hans": (
                "警员只会以保护所有人生命和安全的方式使用武力，会首先设法缓和局势，"
                "并采用致命武力以外的替代手段。市政府将不再以军事装备和战术"
                "（包括特警队）处理日常问题或和平抗议，拒绝接收新的军事装备，"
                "并设法归还或处置现有的军事装备。"
            ),
            "vi": (
                "Cảnh sát chỉ sử dụng vũ lực theo cách bảo vệ tính mạng và sự an toàn "
                "của mọi người, sẽ tìm cách làm dịu tình hình trước tiên và dùng các "
                "biện pháp thay thế cho vũ lực gây chết người. Thành phố sẽ ngừng "
                "dùng trang thiết bị và chiến thuật quân sự, kể cả đội SWAT, cho các "
                "vấn đề thường ngày hay các cuộc biểu tình ôn hòa, từ chối nhận thêm "
                "thiết bị quân sự và tìm cách trả lại hoặc loại bỏ số thiết bị hiện có."
            ),
            "ar": (
                "لن يستخدم أفراد الشرطة القوة إلا بطريقة تحمي أرواح الجميع وسلامتهم، "
                "وسيسعون أولاً إلى تهدئة المواقف واللجوء إلى بدائل عن القوة المميتة. "
                "وستتوقف المدينة عن استخدام المعدات والأساليب العسكرية، بما فيها فرق "
                "التدخل الخاصة (SWAT)، في المشكلات اليومية أو الاحتجاجات السلمية، "
                "وسترفض تسلّم معدات عسكرية جديدة وتعمل على إعادة ما لديها منها أو "
                "التخلص منه."
            ),
            "ko": (
                "경찰관은 모든 사람의 생명과 안전을 지키는 방식으로만 물리력을 "
                "사용하며, 먼저 상황을 진정시키려 노력하고 치명적 물리력 대신 다른 "
                "수단을 찾습니다. 시는 일상적인 문제나 평화로운 시위에 SWAT 팀을 "
                "포함한 군사 장비와 전술을 쓰지 않고, 새로운 군사 장비를 받지 "
                "않으며, 이미 보유한 장비는 반납하거나 폐기하도록 노력합니다."
            ),
        },
        "responsible_office": {
            "en": "Office of the Chief of Police",
            "es": "Jefatura de policía",
            "zh-hans": "警察局长办公室",
            "vi": "Văn phòng Cảnh sát trưởng",
            "ar": "مكتب قائد الشرطة",
            "ko": "경찰서장실",
        },
    },
    {
        "slug": "oversight-technology",
        "principle": Principle.OVERSIGHT_TECHNOLOGY,
        "months": 18,
        "title": {
            "en": "Use technology for oversight while protecting privacy",
            "es": "Usar la tecnología para supervisar, protegiendo la privacidad",
            "zh-hans": "利用技术加强监督，同时保护隐私",
            "vi": "Dùng công nghệ để giám sát nhưng vẫn bảo vệ quyền riêng tư",
            "ar": "استخدام التقنية للرقابة مع حماية الخصوصية",
            "ko": "사생활을 보호하면서 감독을 위해 기술 활용",
        },
        "description": {
            "en": (
                "If residents approve it through a democratic process, the department "
                "will adopt body cameras or similar tools that help investigate "
                "misconduct and profiling. These tools will be used only for lawful "
                "arrests based on probable cause, and recordings related to police "
                "violence will be made public without delay."
            ),
            "es": (
                "Si los residentes lo aprueban mediante un proceso democrático, el "
                "departamento adoptará cámaras corporales u otras herramientas que "
                "ayuden a investigar abusos y perfiles raciales. Estas herramientas "
                "solo se usarán en detenciones legítimas con causa probable, y las "
                "grabaciones relacionadas con la violencia policial se harán públicas "
                "sin demora."
            ),
            "zh-hans": (
                "如果居民通过民主程序表示同意，警察局将采用执法记录仪或类似工具，"
                "帮助调查不当行为和种族定性。这些工具只会在有合理依据的合法逮捕中使用，"
                "与警察暴力有关的录像将及时公开。"
            ),
            "vi": (
                "Nếu cư dân chấp thuận qua một quy trình dân chủ, Sở cảnh sát sẽ sử "
                "dụng camera gắn trên người hoặc công cụ tương tự để giúp điều tra "
                "hành vi sai trái và phân biệt đối xử. Các công cụ này chỉ được dùng "
                "khi bắt giữ hợp pháp có căn cứ hợp lý, và các đoạn ghi hình liên "
                "quan đến bạo lực của cảnh sát sẽ được công khai ngay."
            ),
            "ar": (
                "إذا وافق السكان عبر عملية ديمقراطية، ستعتمد إدارة الشرطة كاميرات "
                "تُثبَّت على الجسم أو أدوات مماثلة تساعد على التحقيق في سوء السلوك "
                "والتنميط. ولن تُستخدم هذه الأدوات إلا في عمليات القبض المشروعة "
                "القائمة على سبب معقول، وستُنشر التسجيلات المتعلقة بعنف الشرطة "
                "للعموم دون تأخير."
            ),
            "ko": (
                "주민들이 민주적인 절차를 통해 승인하면, 경찰서는 비위 행위와 차별적 "
                "프로파일링 조사에 도움이 되는 보디캠 등의 도구를 도입합니다. 이러한 "
                "도구는 상당한 이유가 있는 적법한 체포에만 사용하며, 경찰 폭력과 "
                "관련된 영상은 지체 없이 공개합니다."
            ),
        },
        "responsible_office": {
            "en": "Police department, with the city council",
            "es": "Departamento de policía, con el concejo municipal",
            "zh-hans": "警察局与市议会",
            "vi": "Sở cảnh sát, cùng với Hội đồng thành phố",
            "ar": "إدارة الشرطة بالتعاون مع مجلس المدينة",
            "ko": "경찰서 및 시의회",
        },
    },
    {
        "slug": "end-criminalization",
        "principle": Principle.DECRIMINALIZATION,
        "months": 12,
        "title": {
            "en": "End the criminalization of communities of color",
            "es": "Acabar con la criminalización de las comunidades de color",
            "zh-hans": "停止将有色人种社区犯罪化",
            "vi": "Chấm dứt việc hình sự hóa các cộng đồng da màu",
            "ar": "إنهاء تجريم مجتمعات ذوي البشرة الملوّنة",
            "ko": "유색인종 공동체에 대한 범죄화 중단",
        },
        "description": {
            "en": (
                "The city will stop prioritizing, and where it can will decriminalize, "
                "minor non-violent 'quality of life' offenses that pull too many "
                "young people into the justice system. Arrest and ticket quotas will "
                "end, and city fines and fees will come down, so that officers have "
                "no financial reason to chase petty offenses."
            ),
            "es": (
                "La ciudad dejará de priorizar, y donde sea posible despenalizará, "
                "las infracciones menores y no violentas de «calidad de vida» que "
                "arrastran a demasiados jóvenes al sistema penal. Se eliminarán las "
                "cuotas de arrestos y multas, y se reducirán las multas y tasas "
                "municipales para que los agentes no tengan incentivos económicos "
                "para perseguir faltas leves."
            ),
            "zh-hans": (
                "市政府将不再把轻微、非暴力的“生活质量”类违规列为执法重点，"
                "并在可能的情况下将其非刑事化，因为这类执法把太多年轻人卷入司法系统。"
                "逮捕和开罚单的指标将被取消，市政罚款和收费将被降低，"
                "使警员不再有追查轻微违规的经济动机。"
            ),
            "vi": (
                "Thành phố sẽ không còn ưu tiên xử lý, và khi có thể sẽ phi hình sự "
                "hóa, các vi phạm nhỏ, không bạo lực về “trật tự đời sống” vốn đẩy "
                "quá nhiều người trẻ vào hệ thống tư pháp. Chỉ tiêu bắt giữ và phạt "
                "sẽ bị bãi bỏ, tiền phạt và lệ phí của thành phố sẽ được giảm để cảnh "
                "sát không còn động cơ tài chính nhắm vào những vi phạm nhỏ."
            ),
            "ar": (
                "ستتوقف المدينة عن إعطاء الأولوية لملاحقة المخالفات البسيطة غير "
                "العنيفة المتعلقة بـ«جودة الحياة»، وستلغي تجريمها حيثما أمكن، إذ "
                "تزجّ بعدد كبير جداً من الشباب في منظومة العدالة الجنائية. كما "
                "ستُلغى حصص الاعتقالات والمخالفات، وتُخفَّض الغرامات والرسوم البلدية "
                "حتى لا يكون لأفراد الشرطة أي دافع مالي لملاحقة المخالفات الصغيرة."
            ),
            "ko": (
                "시는 너무 많은 청소년을 사법 체계로 끌어들이는 경미하고 비폭력적인 "
                "'생활 질서' 위반 단속을 우선순위에서 낮추고, 가능한 경우 처벌 "
                "대상에서 제외합니다. 체포 및 딱지 발부 할당제를 폐지하고 시의 "
                "벌금과 수수료를 줄여, 경찰관이 사소한 위반을 쫓을 금전적 동기를 "
                "없앱니다."
            ),
        },
        "responsible_office": {
            "en": "Office of the Mayor and the city attorney",
            "es": "Alcaldía y fiscalía municipal",
            "zh-hans": "市长办公室及市检察官办公室",
            "vi": "Văn phòng Thị trưởng và Luật sư thành phố",
            "ar": "مكتب العمدة والمستشار القانوني للمدينة",
            "ko": "시장실 및 시 법무관실",
        },
    },
    {
        "slug": "invest-in-communities",
        "principle": Principle.INVESTMENT,
        "months": 24,
        "title": {
            "en": "Shift public investment to communities",
            "es": "Trasladar la inversión pública a las comunidades",
            "zh-hans": "把公共投资转向社区",
            "vi": "Chuyển đầu tư công về cho cộng đồng",
            "ar": "تحويل الاستثمار العام إلى المجتمعات",
            "ko": "공공 투자를 지역사회로 전환",
        },
        "description": {
            "en": (
                "The most heavily policed neighborhoods are also the ones that most "
                "need better infrastructure, healthy food, affordable homes, "
                "transportation and good jobs. The city budget will move toward those "
                "essential services, and every department, from housing and community "
                "development to transportation, planning, parks and public works, "
                "will share responsibility for public safety."
            ),
            "es": (
                "Los barrios con más presencia policial son también los que más "
                "necesitan mejores infraestructuras, alimentos saludables, vivienda "
                "asequible, transporte y buenos empleos. El presupuesto municipal se "
                "orientará hacia esos servicios esenciales, y cada departamento "
                "(vivienda, desarrollo comunitario, transporte, planificación, parques "
                "y obras públicas) compartirá la responsabilidad de la seguridad "
                "pública."
            ),
            "zh-hans": (
                "警力最密集的街区，也正是最需要改善基础设施、健康食品、可负担住房、"
                "交通和优质工作的地方。市政预算将向这些基本服务倾斜，"
                "住房、社区发展、交通、规划、公园和公共工程等各个部门都将"
                "共同承担维护公共安全的责任。"
            ),
            "vi": (
                "Những khu phố có mật độ cảnh sát dày đặc nhất cũng là nơi cần nhất "
                "cơ sở hạ tầng tốt hơn, thực phẩm lành mạnh, nhà ở vừa túi tiền, "
                "phương tiện đi lại và việc làm tốt. Ngân sách thành phố sẽ chuyển "
                "hướng sang các dịch vụ thiết yếu đó, và mọi cơ quan, từ nhà ở, phát "
                "triển cộng đồng đến giao thông, quy hoạch, công viên và công trình "
                "công cộng, sẽ cùng chịu trách nhiệm về an toàn công cộng."
            ),
            "ar": (
                "الأحياء الأكثر خضوعاً للانتشار الأمني هي نفسها الأحوج إلى بنية "
                "تحتية أفضل وغذاء صحي ومساكن ميسورة التكلفة ووسائل نقل ووظائف جيدة. "
                "ستتجه ميزانية المدينة نحو هذه الخدمات الأساسية، وستتحمل كل إدارة، "
                "من الإسكان والتنمية المجتمعية إلى النقل والتخطيط والحدائق والأشغال "
                "العامة، نصيبها من المسؤولية عن السلامة العامة."
            ),
            "ko": (
                "경찰 단속이 가장 집중된 동네는 더 나은 기반 시설, 건강한 먹거리, "
                "저렴한 주택, 교통수단, 좋은 일자리가 가장 필요한 곳이기도 합니다. "
                "시 예산은 이러한 필수 서비스 쪽으로 옮겨 가며, 주택, 지역 개발, "
                "교통, 도시계획, 공원, 공공사업 등 모든 부서가 공공 안전에 대한 "
                "책임을 함께 집니다."
            ),
        },
        "responsible_office": {
            "en": "Office of the Mayor and the budget office",
            "es": "Alcaldía y oficina de presupuesto",
            "zh-hans": "市长办公室及预算办公室",
            "vi": "Văn phòng Thị trưởng và Văn phòng ngân sách",
            "ar": "مكتب العمدة ومكتب الميزانية",
            "ko": "시장실 및 예산처",
        },
    },
]
